package io.spacecaps.bench;

import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

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
 * The replay sends each chunk when its last sample has been captured, as a live client would, so
 * every latency counts from when the audio could first have left the room. (Until 2026-11-27 this
 * recorder still added one chunk, 100 ms, for a replay that had sent each chunk at its first
 * sample's time, which replays stopped doing on 2026-11-26: see BENCHMARKS.md.)
 * A track's end-of-track final and empty finals are not utterance ends and are not counted.
 *
 * <p>A partial's latency is also split at the recogniser, whose {@code emitTime} is the wall clock when
 * it took the chunk: before it (publishing, Kafka, the stages before recognition, the queue in front of
 * the recogniser) and from it (Vosk's call, the stages after, the sink, Kafka, this reader). The slowest
 * partials and on-screen finals are kept with their track, when they arrived and that split: a tail
 * made of a few moments when every track waited points at the machine or the job as a whole, one made
 * of one track's captions at the recogniser that carries it.
 */
final class LatencyRecorder implements Consumer<TranscriptEvent> {

    private final Set<String> expectedTracks;
    private final Set<String> endedTracks = new HashSet<>();
    private final Set<String> seenFinals = new HashSet<>();
    private long[] partial = new long[1024];
    private long[] partialToRecognizer = new long[1024];
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
    private final LongSupplier clock;
    private final long startedMs;
    private final List<Slow> slowPartials = new ArrayList<>();
    private final List<Slow> slowOnScreen = new ArrayList<>();

    /** @param expectedTracks the step's tracks as {@code spaceId/trackId} */
    LatencyRecorder(Set<String> expectedTracks) {
        this(expectedTracks, System::currentTimeMillis);
    }

    /** @param clock the wall clock in ms, at which captions arrive (a test's own) */
    LatencyRecorder(Set<String> expectedTracks, LongSupplier clock) {
        this.expectedTracks = Set.copyOf(expectedTracks);
        this.clock = clock;
        this.startedMs = clock.getAsLong();
    }

    @Override
    public void accept(TranscriptEvent caption) {
        long now = clock.getAsLong();
        synchronized (this) {
            lastEventNanos = System.nanoTime();
            long lastSample = caption.getLastAudioCaptureTime().toEpochMilli();
            if (caption.getKind() == TranscriptKind.PARTIAL) {
                long latency = now - lastSample;
                long toRecognizer = toRecognizer(caption);
                partial = grow(partial, partials);
                partialToRecognizer = grow(partialToRecognizer, partials);
                partialToRecognizer[partials] = toRecognizer;
                partial[partials++] = latency;
                keepIfSlow(slowPartials, caption, now, latency, toRecognizer);
            } else if (caption.getProvisional()) {
                // As for committed finals: a track's end is not an utterance end, and is not timed.
                if (!caption.getEndOfTrack() && !caption.getWords().isEmpty() && seenProvisional.add(caption.getEventId())) {
                    onScreen = grow(onScreen, provisionals);
                    long latency = now - lastSample;
                    onScreen[provisionals++] = latency;
                    keepIfSlow(slowOnScreen, caption, now, latency, toRecognizer(caption));
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
                    afterEndpoint[finals] = now - lastSample;
                    afterLastWord[finals] = now - lastWordEnd;
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
        long[] fromRecognizer = new long[partials];
        for (int i = 0; i < partials; i++) {
            fromRecognizer[i] = partial[i] - partialToRecognizer[i];
        }
        return new Latencies(
                LatencySummary.of(Arrays.copyOf(partial, partials)),
                LatencySummary.of(Arrays.copyOf(partialToRecognizer, partials)),
                LatencySummary.of(fromRecognizer),
                LatencySummary.of(Arrays.copyOf(afterEndpoint, finals)),
                LatencySummary.of(Arrays.copyOf(afterLastWord, finals)),
                LatencySummary.of(Arrays.copyOf(endpointSilence, finals)),
                LatencySummary.of(Arrays.copyOf(onScreen, provisionals)),
                List.copyOf(slowPartials), List.copyOf(slowOnScreen), java.time.Instant.ofEpochMilli(startedMs).toString());
    }

    /**
     * What one step measured, in ms, and its {@value #SLOWEST_KEPT} slowest partials and finals on
     * screen, slowest first.
     *
     * @param partialToRecognizerMs   of a partial's latency, what passed before the recogniser took its chunk
     * @param partialFromRecognizerMs the rest: from then to the partial's arrival here
     * @param startedAt               when the step began (what {@link Slow#arrivedAtMs} counts from), to
     *                                read beside the job's log
     */
    record Latencies(LatencySummary partialMs, LatencySummary partialToRecognizerMs, LatencySummary partialFromRecognizerMs,
                     LatencySummary finalAfterEndpointMs,
                     LatencySummary finalAfterLastWordMs, LatencySummary endpointSilenceMs, LatencySummary finalOnScreenMs,
                     List<Slow> slowestPartials, List<Slow> slowestFinalsOnScreen, String startedAt) {
    }

    /**
     * One slow caption: its track ({@code spaceId/trackId}), when it arrived (ms after the step began),
     * its latency and how much of it passed before the recogniser took its chunk (ms).
     */
    record Slow(String track, long arrivedAtMs, long latencyMs, long toRecognizerMs) {
    }

    static final int SLOWEST_KEPT = 12;

    private void keepIfSlow(List<Slow> slowest, TranscriptEvent caption, long arrivedMs, long latencyMs, long toRecognizerMs) {
        if (slowest.size() == SLOWEST_KEPT && slowest.get(SLOWEST_KEPT - 1).latencyMs() >= latencyMs) {
            return;
        }
        slowest.add(new Slow(caption.getSpaceId() + "/" + caption.getTrackId(), arrivedMs - startedMs, latencyMs, toRecognizerMs));
        slowest.sort(Comparator.comparingLong(Slow::latencyMs).reversed());
        if (slowest.size() > SLOWEST_KEPT) {
            slowest.remove(SLOWEST_KEPT);
        }
    }

    /** From when a live client could have sent the caption's last chunk to when the recogniser took it. */
    private long toRecognizer(TranscriptEvent caption) {
        return caption.getEmitTime().toEpochMilli() - caption.getLastAudioCaptureTime().toEpochMilli();
    }

    private static long[] grow(long[] values, int used) {
        return used < values.length ? values : Arrays.copyOf(values, values.length * 2);
    }
}
