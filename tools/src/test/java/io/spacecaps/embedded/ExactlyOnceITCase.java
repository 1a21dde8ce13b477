package io.spacecaps.embedded;

import io.spacecaps.asr.TrackRecognizer;
import io.spacecaps.audio.PcmAudio;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.ingest.TrackChunk;
import io.spacecaps.eval.RecognisedWords;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.session.SessionManifest;
import io.spacecaps.testing.DemoSpace;
import io.spacecaps.testing.ReplayedFinals;
import io.spacecaps.testing.TestData;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.util.Collector;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failures mid-Space must not change the transcript of record: the finals a read_committed consumer
 * sees after a failure equal, word for word and id for id, those of a run without one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactlyOnceITCase {

    private static final String SPACE = "demo-bbc-interview";
    /** 25 s into the Space: Elon Musk is mid-sentence (his turn runs from 21.4 s to 40.3 s). */
    private static final long FAIL_AT_CHUNK = 250;
    private static final AtomicBoolean FAILED = new AtomicBoolean();
    /** Checkpoints the recogniser had seen complete; at the failure, how many. */
    private static final AtomicInteger CHECKPOINTS_COMPLETED = new AtomicInteger();
    private static final AtomicInteger CHECKPOINTS_BEFORE_FAILURE = new AtomicInteger(-1);

    private SessionManifest manifest;
    private Map<SessionManifest.Track, PcmAudio> audio;
    private List<TranscriptEvent> baseline;

    @BeforeAll
    void baseline() throws Exception {
        DemoSpace demo = DemoSpace.firstSeconds(70);
        manifest = demo.manifest();
        audio = demo.audio();
        baseline = run(null, 0, (pipeline, progress) -> { });
        assertTrue(baseline.size() >= 8, "baseline has " + baseline.size() + " finals");
    }

    private SpacecapsConfig config() {
        return SpacecapsConfig.fromArgs(new String[]{"--model.en", TestData.englishModel(), "--parallelism", "2",
                "--checkpoint-interval-ms", "500"});
    }

    /** Runs the demo Space's first minute through a fresh pipeline and returns every final read, duplicates included. */
    private List<TranscriptEvent> run(TrackRecognizer recognizer, double speed,
                                      BiConsumer<EmbeddedPipeline, ReplayedFinals.Progress> duringReplay) throws Exception {
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(config(), true, s -> { }, recognizer)) {
            return ReplayedFinals.collect(pipeline.bootstrapServers(), manifest, audio, SPACE, speed,
                    progress -> duringReplay.accept(pipeline, progress), Duration.ofSeconds(180));
        }
    }

    /** Each utterance's final: its id and its words. */
    private static List<String> transcript(List<TranscriptEvent> finals) {
        return finals.stream().filter(RecognisedWords::any)
                .sorted(Comparator.comparing(TranscriptEvent::getUtteranceId))
                .map(f -> f.getUtteranceId() + " " + f.getEventId() + " " + RecognisedWords.of(f)).toList();
    }

    private void assertSameAsBaseline(List<TranscriptEvent> finals) {
        List<String> ids = finals.stream().map(TranscriptEvent::getEventId).toList();
        assertEquals(ids.size(), new HashSet<>(ids).size(), "no final is delivered twice");
        assertEquals(transcript(baseline), transcript(finals));
        // Vosk's float results differ a little between recogniser instances (a word edge can move by
        // one 30 ms frame), so times are compared with that tolerance.
        Map<String, Long> baselineStarts = baseline.stream().collect(
                java.util.stream.Collectors.toMap(TranscriptEvent::getEventId, TranscriptEvent::getStartMs));
        for (TranscriptEvent f : finals) {
            assertTrue(Math.abs(f.getStartMs() - baselineStarts.get(f.getEventId())) <= 60, "start of " + f.getUtteranceId());
        }
    }

    @Test
    void aRecognitionTaskFailingMidUtteranceLeavesTheTranscriptUnchanged() throws Exception {
        FAILED.set(false);
        List<TranscriptEvent> finals = run(new FailingOnceRecognizer(config()), 0, (pipeline, progress) -> { });
        assertTrue(FAILED.get(), "the recogniser failed once, as planned");
        assertTrue(CHECKPOINTS_BEFORE_FAILURE.get() > 0, "the failure came after a completed checkpoint, so the job "
                + "restored from one: " + CHECKPOINTS_BEFORE_FAILURE.get() + " completed before it");
        assertSameAsBaseline(finals);
    }

    @Test
    void aKafkaBrokerRestartMidSpaceLeavesTheTranscriptUnchanged() throws Exception {
        List<TranscriptEvent> finals = run(null, 4.0, (pipeline, progress) -> {
            try {
                Thread.sleep(12_000); // about 48 s into the Space at 4x
                progress.assertMidSpace("the broker restart");
                pipeline.broker().restart();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertSameAsBaseline(finals);
    }

    /** The recogniser, failing once when Elon Musk's track reaches chunk 250, in the middle of a sentence. */
    static final class FailingOnceRecognizer extends TrackRecognizer implements CheckpointListener {
        FailingOnceRecognizer(SpacecapsConfig config) {
            super(config);
        }

        @Override
        public void processElement(TrackChunk chunk, ReadOnlyContext ctx, Collector<TranscriptEvent> out) throws Exception {
            if (chunk.chunk.getTrackId().equals("elon-musk") && chunk.chunk.getSequence() == FAIL_AT_CHUNK
                    && FAILED.compareAndSet(false, true)) {
                CHECKPOINTS_BEFORE_FAILURE.set(CHECKPOINTS_COMPLETED.get());
                throw new IllegalStateException("planned failure mid-utterance");
            }
            super.processElement(chunk, ctx, out);
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTS_COMPLETED.incrementAndGet();
        }
    }
}
