package io.spacecaps.session;

import java.io.IOException;
import java.util.Locale;

/**
 * How much decoded audio a command may hold in its heap. A recording's tracks are decoded into memory
 * whole (16 kHz mono, 115 MB an hour), and {@code transcribe} in its own JVM holds them a second time
 * as the records Kafka would hold: a Space of 8 one-hour tracks took 1.9 GB of live heap, one of 16
 * such tracks ran out of the 3 GB heap while the records were being made. The budget says so before
 * that happens, with what to do instead.
 *
 * @param heapBytes the JVM's heap ({@code -Xmx})
 * @param copies    how many times the command holds the audio: 1 when it sends it to Kafka, 2 when it
 *                  also keeps it as records in this JVM
 */
public record HeldAudio(long heapBytes, int copies) {

    /** What the JVM needs beside the audio: Flink's local cluster, the job's state, Vosk's Java side. */
    static final long RESERVE_BYTES = 768L << 20;
    /** Each copy of the audio costs about a tenth more than its samples (records' headers, lists). */
    private static final double OVERHEAD = 1.1;
    private static final double BYTES_PER_HOUR = 16_000 * 2 * 3600.0;

    public HeldAudio {
        if (copies < 1) {
            throw new IllegalArgumentException("copies must be at least 1, not " + copies);
        }
    }

    /** The budget of this JVM's heap. */
    public static HeldAudio ofThisJvm(int copies) {
        return new HeldAudio(Runtime.getRuntime().maxMemory(), copies);
    }

    /** Bytes of 16-bit samples the tracks may come to together. */
    public long maxSampleBytes() {
        return (long) (Math.max(0, heapBytes - RESERVE_BYTES) / (OVERHEAD * copies));
    }

    /**
     * @param sampleBytes the tracks decoded so far, in bytes of 16-bit samples at 16 kHz
     * @param tracks      how many tracks those are
     * @param allTracks   how many tracks the recording has
     * @throws IOException saying how much the recording holds, how much fits and what to do
     */
    public void check(long sampleBytes, int tracks, int allTracks) throws IOException {
        if (sampleBytes <= maxSampleBytes()) {
            return;
        }
        long heapGb = Math.max(4, (long) Math.ceil((RESERVE_BYTES + sampleBytes * OVERHEAD * copies) / (1L << 30)) + 1);
        String what = allTracks == 1 ? "it comes" : tracks == allTracks ? "its " + tracks + " tracks come"
                : "the first " + tracks + " of its " + allTracks + " tracks come";
        throw new IOException(String.format(Locale.ROOT, "the recording is too long to hold in memory: %s to %s of audio; %s"
                        + " heap of %s has room for %s: give the JVM more heap (%s SPACECAPS_JAVA_OPTS=-Xmx%dg%s)%s",
                what, hours(sampleBytes),
                copies > 1 ? "this command holds it twice in this JVM (decoded, and as records), and its" : "this JVM's",
                gigabytes(heapBytes), hours(maxSampleBytes()), tracks == allTracks ? "e.g." : "these alone need",
                heapGb, tracks == allTracks ? "" : " or more",
                copies > 1 ? ", or send the audio through Kafka, which holds it once (transcribe --bootstrap HOST:PORT)" : ""));
    }

    private static String hours(long sampleBytes) {
        return String.format(Locale.ROOT, "%.1f track-hours", sampleBytes / BYTES_PER_HOUR);
    }

    private static String gigabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
    }
}
