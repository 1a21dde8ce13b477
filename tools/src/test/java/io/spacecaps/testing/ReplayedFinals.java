package io.spacecaps.testing;

import io.spacecaps.audio.PcmAudio;
import io.spacecaps.captions.CaptionFeed;
import io.spacecaps.captions.TranscriptCollector;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.session.SessionManifest;
import io.spacecaps.session.SessionPublisher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays a Space into a running pipeline while a test does something to it (fails a task, kills a
 * TaskManager, restarts the broker), and returns every final a read_committed reader saw, duplicates
 * included, once every track has ended.
 */
public final class ReplayedFinals {

    private ReplayedFinals() {
    }

    /** What a test striking mid-Space can check before it strikes. */
    public interface Progress {
        /** Finals a read_committed reader has seen so far: each one means a checkpoint completed. */
        int finalsSoFar();

        /** Whether every chunk of the Space has been sent. */
        boolean replayDone();

        /**
         * Waits until the job has committed {@code finals} finals (a checkpoint completed with them), at
         * most {@code within}; a test strikes after that so that recovery has a checkpoint to go back to.
         */
        default void awaitFinals(int finals, Duration within) throws InterruptedException {
            long until = System.nanoTime() + within.toNanos();
            while (finalsSoFar() < finals && !replayDone() && System.nanoTime() < until) {
                Thread.sleep(100);
            }
        }

        /** Fails the test unless finals were committed and the Space still goes on: a strike mid-Space. */
        default void assertMidSpace(String what) {
            assertTrue(finalsSoFar() > 0, what + " after a completed checkpoint: no final was committed before it");
            assertTrue(!replayDone(), what + " mid-Space: the replay had already ended");
        }
    }

    /** As below, for a test that needs nothing of the run while it strikes. */
    public static List<TranscriptEvent> collect(String bootstrapServers, SessionManifest manifest,
                                                Map<SessionManifest.Track, PcmAudio> audio, String spaceId, double speed,
                                                Runnable during, Duration trackWait) throws Exception {
        return collect(bootstrapServers, manifest, audio, spaceId, speed, progress -> during.run(), trackWait);
    }

    /**
     * @param speed      replay speed (0: as fast as Kafka takes it)
     * @param during     run on this thread while the replay goes on
     * @param trackWait  how long to wait for every track's end-of-track final
     */
    public static List<TranscriptEvent> collect(String bootstrapServers, SessionManifest manifest,
                                                Map<SessionManifest.Track, PcmAudio> audio, String spaceId, double speed,
                                                Consumer<Progress> during, Duration trackWait) throws Exception {
        List<TranscriptEvent> all = Collections.synchronizedList(new ArrayList<>());
        TranscriptCollector collector = new TranscriptCollector(manifest.tracks().stream().map(SessionManifest.Track::id).toList());
        try (CaptionFeed feed = new CaptionFeed(bootstrapServers, spaceId, List.of(Topics.CAPTIONS_FINAL), f -> {
            all.add(f);
            collector.accept(f);
        });
             SessionPublisher publisher = new SessionPublisher(bootstrapServers)) {
            // A thread of its own: the common pool has one thread on 2 cores, and anything else queued
            // there would hold the replay back (and move the Space's place in time).
            java.util.concurrent.ExecutorService publishing = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "replayed-finals-publisher");
                t.setDaemon(true);
                return t;
            });
            CompletableFuture<Void> replay = CompletableFuture.runAsync(() -> {
                try {
                    publisher.publish(manifest, audio, spaceId, speed, 100, null);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, publishing);
            publishing.shutdown();
            during.accept(new Progress() {
                @Override
                public int finalsSoFar() {
                    return all.size();
                }

                @Override
                public boolean replayDone() {
                    return replay.isDone();
                }
            });
            replay.get(5, TimeUnit.MINUTES);
            assertTrue(collector.awaitComplete(trackWait, null), "tracks never ended: " + collector.missingTracks());
        }
        return new ArrayList<>(all);
    }
}
