package io.spacecaps.captions;

import io.spacecaps.kafka.LiveCaptions;
import io.spacecaps.schema.TranscriptEvent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Gathers the final captions of a Space until every expected track has said it ended. Duplicate
 * deliveries (same event id) count once; a revision replaces the final it revises (see
 * {@link #finals()}). Thread-safe: a {@link CaptionFeed} thread feeds it while another waits on it.
 */
public final class TranscriptCollector implements Consumer<TranscriptEvent> {

    private final Set<String> expectedTracks;
    /** By utterance: its newest revision (the transcript of record), and what was shown live. */
    private final Map<String, TranscriptEvent> finals = new LinkedHashMap<>();
    private final Map<String, TranscriptEvent> shownLive = new LinkedHashMap<>();
    private final Set<String> endedTracks = new HashSet<>();
    private long heardUpToMs;
    private long lastEventNanos = System.nanoTime();

    public TranscriptCollector(Collection<String> expectedTracks) {
        this.expectedTracks = Set.copyOf(expectedTracks);
    }

    @Override
    public synchronized void accept(TranscriptEvent caption) {
        lastEventNanos = System.nanoTime();
        heardUpToMs = Math.max(heardUpToMs, caption.getEndMs());
        // The transcript of record: committed finals only, not their provisional copies on the live topic.
        if (LiveCaptions.ofRecord(caption)) {
            String utterance = LiveCaptions.utteranceOf(caption);
            finals.merge(utterance, caption, LiveCaptions::newerRevision);
            if (caption.getRevisionReason() == null) {
                shownLive.putIfAbsent(utterance, caption);
            }
            if (caption.getEndOfTrack()) {
                endedTracks.add(caption.getTrackId());
            }
        }
        notifyAll();
    }

    /** How far into the Space the captions have got, in ms. */
    public synchronized long heardUpToMs() {
        return heardUpToMs;
    }

    public synchronized boolean complete() {
        return endedTracks.containsAll(expectedTracks);
    }

    /**
     * Waits until every track has ended. Gives up when no caption at all has arrived for
     * {@code stallTimeout}, which means the pipeline is stuck rather than slow.
     *
     * @param onWait called about every half second while waiting (for progress output)
     * @return true when complete, false when it gave up
     */
    public synchronized boolean awaitComplete(Duration stallTimeout, Runnable onWait) throws InterruptedException {
        lastEventNanos = System.nanoTime();
        while (!complete()) {
            if (System.nanoTime() - lastEventNanos > stallTimeout.toNanos()) {
                return false;
            }
            wait(500);
            if (onWait != null) {
                onWait.run();
            }
        }
        return true;
    }

    /** The transcript of record so far: each utterance's final once, at its newest revision, in arrival order. */
    public synchronized List<TranscriptEvent> finals() {
        return new ArrayList<>(finals.values());
    }

    /** Each utterance's final as it was shown live (no revision), in arrival order. */
    public synchronized List<TranscriptEvent> finalsShownLive() {
        return new ArrayList<>(shownLive.values());
    }

    public synchronized Set<String> missingTracks() {
        Set<String> missing = new HashSet<>(expectedTracks);
        missing.removeAll(endedTracks);
        return missing;
    }
}
