package io.spacecaps.bench;

import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Latencies of one load step's captions, measured where a consumer of the caption topics sees them.
 *
 * <ul>
 *   <li>partial: arrival minus the capture time of the last sample the recogniser had consumed
 *       ({@code lastAudioCaptureTime});</li>
 *   <li>final after the endpoint: arrival on {@code captions.final} (committed, with its checkpoint)
 *       minus the capture time of the last sample consumed when the recogniser decided the utterance
 *       was over, i.e. once it had heard enough silence;</li>
 *   <li>final on screen: the same for the final's provisional copy on {@code captions.partial}, which
 *       goes out the moment the final is made: what a live view shows;</li>
 *   <li>final after the last word: arrival minus the wall-clock end of the utterance's last word
 *       (the Space's start, {@code wallClockStart - startMs}, plus {@code endMs}); this includes
 *       the silence Vosk waits for, reported on its own as the endpoint silence.</li>
 * </ul>
 *
 * The replay sends each chunk at the capture time of its first sample, {@code leadMs} (one chunk)
 * before a live client could, which has captured the chunk's last sample only then; every latency
 * is measured from when a live client could have sent the audio, so {@code leadMs} is added back.
 * A track's end-of-track final and empty finals are not utterance ends and are not counted.
 */
final class LatencyRecorder implements Consumer<TranscriptEvent> {

    private final Set<String> expectedTracks;
    private final long leadMs;
    private final Set<String> endedTracks = new HashSet<>();
    private final Set<String> seenFinals = new HashSet<>();
    private long[] partial = new long[1024];
    private int partials;
    private long[] afterEndpoint = new long[256];
    private long[] afterLastWord = new long[256];
    private long[] endpointSilence = new long[256];
    private int finals;
    private final Set<String> seenProvisional = new HashSet<>();
    private long[] onScreen = new long[256];
    private int provisionals;
    private long lastEndOfTrackMs;
    private long lastEventNanos = System.nanoTime();

    /** @param expectedTracks the step's tracks as {@code spaceId/trackId} */
    LatencyRecorder(Set<String> expectedTracks, long leadMs) {
        this.expectedTracks = Set.copyOf(expectedTracks);
        this.leadMs = leadMs;
    }

    @Override
    public void accept(TranscriptEvent caption) {
        long now = System.currentTimeMillis();
        synchronized (this) {
            lastEventNanos = System.nanoTime();
            long lastSample = caption.getLastAudioCaptureTime().toEpochMilli();
            if (caption.getKind() == TranscriptKind.PARTIAL) {
                partial = grow(partial, partials);
                partial[partials++] = now - lastSample + leadMs;
            } else if (caption.getProvisional()) {
                // As for committed finals: a track's end is not an utterance end, and is not timed.
                if (!caption.getEndOfTrack() && !caption.getWords().isEmpty() && seenProvisional.add(caption.getEventId())) {
                    onScreen = grow(onScreen, provisionals);
                    onScreen[provisionals++] = now - lastSample + leadMs;
                }
            } else if (seenFinals.add(caption.getEventId())) {
                if (caption.getEndOfTrack()) {
                    endedTracks.add(caption.getSpaceId() + "/" + caption.getTrackId());
                    lastEndOfTrackMs = Math.max(lastEndOfTrackMs, now);
                } else if (!caption.getWords().isEmpty()) {
                    long spaceStart = caption.getWallClockStart().toEpochMilli() - caption.getStartMs();
                    long lastWordEnd = spaceStart + caption.getEndMs();
                    afterEndpoint = grow(afterEndpoint, finals);
                    afterLastWord = grow(afterLastWord, finals);
                    endpointSilence = grow(endpointSilence, finals);
                    afterEndpoint[finals] = now - lastSample + leadMs;
                    afterLastWord[finals] = now - lastWordEnd + leadMs;
                    endpointSilence[finals] = lastSample - lastWordEnd;
                    finals++;
                }
            }
            notifyAll();
        }
    }

    synchronized boolean complete() {
        return endedTracks.containsAll(expectedTracks);
    }

    /**
     * Waits until every track has ended, at most {@code limit}; gives up sooner when no caption at
     * all arrived for {@code stall}.
     */
    synchronized boolean awaitComplete(Duration stall, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        lastEventNanos = System.nanoTime();
        while (!complete()) {
            long now = System.nanoTime();
            if (now > deadline || now - lastEventNanos > stall.toNanos()) {
                return false;
            }
            wait(200);
        }
        return true;
    }

    /** Wall-clock ms at which the last end-of-track final arrived, or 0. */
    synchronized long lastEndOfTrackMs() {
        return lastEndOfTrackMs;
    }

    synchronized Set<String> missingTracks() {
        Set<String> missing = new HashSet<>(expectedTracks);
        missing.removeAll(endedTracks);
        return missing;
    }

    synchronized Latencies latencies() {
        return new Latencies(
                LatencySummary.of(Arrays.copyOf(partial, partials)),
                LatencySummary.of(Arrays.copyOf(afterEndpoint, finals)),
                LatencySummary.of(Arrays.copyOf(afterLastWord, finals)),
                LatencySummary.of(Arrays.copyOf(endpointSilence, finals)),
                LatencySummary.of(Arrays.copyOf(onScreen, provisionals)));
    }

    /** What one step measured, in ms. */
    record Latencies(LatencySummary partialMs, LatencySummary finalAfterEndpointMs,
                     LatencySummary finalAfterLastWordMs, LatencySummary endpointSilenceMs, LatencySummary finalOnScreenMs) {
    }

    private static long[] grow(long[] values, int used) {
        return used < values.length ? values : Arrays.copyOf(values, values.length * 2);
    }
}
