package io.spacecaps.bench;

import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.Speaker;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.schema.Word;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LatencyRecorderTest {

    private static final long STEP_START = Instant.parse("2026-11-27T10:00:00Z").toEpochMilli();

    private final AtomicLong clock = new AtomicLong(STEP_START);
    private final LatencyRecorder recorder = new LatencyRecorder(Set.of("s/a", "s/b"), clock::get);

    /**
     * Partials k = 1..30 of two tracks arrive k seconds into the step, k seconds after their last
     * sample was captured (a replay sends a chunk then, so nothing is added), and the recogniser took
     * their chunk k tenths of a second after that.
     */
    @Test
    void splitsPartialsAtTheRecogniserAndKeepsTheSlowestWithTheirTrackAndTime() {
        for (int k = 1; k <= 30; k++) {
            at(k * 1000L);
            recorder.accept(caption(k % 2 == 0 ? "a" : "b", TranscriptKind.PARTIAL, k * 1000L, k * 100L, "#" + k));
        }
        LatencyRecorder.Latencies measured = recorder.latencies();

        assertEquals(30, measured.partialMs().count());
        assertEquals(15_000L, measured.partialMs().p50());
        assertEquals(30_000L, measured.partialMs().max());
        assertEquals(1500L, measured.partialToRecognizerMs().p50());
        assertEquals(3000L, measured.partialToRecognizerMs().max());
        assertEquals(13_500L, measured.partialFromRecognizerMs().p50());
        assertEquals(27_000L, measured.partialFromRecognizerMs().max());

        List<LatencyRecorder.Slow> slowest = measured.slowestPartials();
        assertEquals(LatencyRecorder.SLOWEST_KEPT, slowest.size());
        for (int i = 0; i < slowest.size(); i++) {
            int k = 30 - i;
            assertEquals(new LatencyRecorder.Slow(k % 2 == 0 ? "s/a" : "s/b", k * 1000L, k * 1000L, k * 100L), slowest.get(i),
                    "slowest first");
        }
        assertEquals("2026-11-27T10:00:00Z", measured.startedAt());
    }

    /** A track's end is not an utterance end: only the real final on screen is timed and kept. */
    @Test
    void keepsOnlyUtteranceEndsAmongFinalsOnScreen() {
        at(4000);
        recorder.accept(caption("a", TranscriptKind.FINAL, 300, 50, "#0"));
        at(90_000);
        recorder.accept(TranscriptEvent.newBuilder(caption("a", TranscriptKind.FINAL, 20_000, 50, "#1")).setEndOfTrack(true).build());
        LatencyRecorder.Latencies measured = recorder.latencies();

        assertEquals(1, measured.finalOnScreenMs().count());
        assertEquals(300L, measured.finalOnScreenMs().max());
        assertEquals(List.of(new LatencyRecorder.Slow("s/a", 4000, 300, 50)), measured.slowestFinalsOnScreen());
    }

    /** Moves the clock to {@code msIntoStep}: what arrives next arrives then. */
    private void at(long msIntoStep) {
        clock.set(STEP_START + msIntoStep);
    }

    /**
     * A caption (a final is the live, provisional copy) arriving now, whose last sample was captured
     * {@code ageMs} before and taken by the recogniser {@code takenAfterMs} after that.
     */
    private TranscriptEvent caption(String track, TranscriptKind kind, long ageMs, long takenAfterMs, String id) {
        Instant lastSample = Instant.ofEpochMilli(clock.get() - ageMs);
        return TranscriptEvent.newBuilder()
                .setEventId("s/" + track + id)
                .setSpaceId("s")
                .setTrackId(track)
                .setUtteranceId(track + id)
                .setKind(kind)
                .setProvisional(kind == TranscriptKind.FINAL)
                .setRevision(0)
                .setSpeaker(Speaker.newBuilder().setId("p-" + track).setDisplayName(track)
                        .setAttribution(Attribution.TRACK).setConfidence(1f).build())
                .setStartMs(0)
                .setEndMs(1000)
                .setWallClockStart(lastSample.minusMillis(1000))
                .setText("hello")
                .setWords(List.of(new Word("hello", 0L, 1000L, 1f)))
                .setLanguage("en")
                .setModel("test")
                .setLastAudioCaptureTime(lastSample)
                .setEmitTime(lastSample.plusMillis(takenAfterMs))
                .setEndOfTrack(false)
                .build();
    }
}
