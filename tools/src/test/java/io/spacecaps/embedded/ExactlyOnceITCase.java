package io.spacecaps.embedded;

import io.spacecaps.asr.TrackRecognizer;
import io.spacecaps.audio.PcmAudio;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.ingest.TrackChunk;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.session.SessionManifest;
import io.spacecaps.testing.DemoBaseline;
import io.spacecaps.testing.DemoSpace;
import io.spacecaps.testing.LogCapture;
import io.spacecaps.testing.ReplayedFinals;
import io.spacecaps.testing.Savepoints;
import io.spacecaps.testing.TranscriptOfRecord;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.util.Collector;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.apache.flink.core.execution.SavepointFormatType;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failures and rescaling mid-Space must not change the transcript of record: the finals a read_committed consumer
 * sees after a failure are each delivered once and hold, word for word and in time, those of a run
 * without one, as far as Vosk itself repeats them ({@link TranscriptOfRecord}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactlyOnceITCase {

    private static final String SPACE = DemoBaseline.SPACE;
    /**
     * From 25 s into the Space (Elon Musk is mid-sentence: his turn runs from 21.4 s to 40.3 s), at the
     * first of his chunks that comes once a checkpoint has completed: a failure before any checkpoint
     * would only restart the job from the start and prove nothing about recovery.
     */
    private static final long FAIL_FROM_CHUNK = 250;
    private static final AtomicLong FAILED_AT_CHUNK = new AtomicLong(-1);
    /** Elon Musk's turns in the Space (ms from its start, in pairs), from the room's speaking indicators. */
    private static volatile long[] elonSpeaks = new long[0];
    private static final AtomicBoolean FAILED = new AtomicBoolean();
    /** Checkpoints the recogniser had seen complete; at the failure, how many. */
    private static final AtomicInteger CHECKPOINTS_COMPLETED = new AtomicInteger();
    private static final AtomicInteger CHECKPOINTS_BEFORE_FAILURE = new AtomicInteger(-1);
    /** How long the broker stays dead: several checkpoint intervals, so that the job must notice. */
    private static final long BROKER_DOWN_MS = 6_000;

    private SessionManifest manifest;
    private Map<SessionManifest.Track, PcmAudio> audio;
    private List<TranscriptEvent> baseline;

    @BeforeAll
    void baseline() throws Exception {
        DemoSpace demo = DemoSpace.firstSeconds(DemoBaseline.SECONDS);
        manifest = demo.manifest();
        audio = demo.audio();
        List<Long> turns = new java.util.ArrayList<>();
        for (SessionManifest.TimedEvent e : manifest.events()) {
            if ("elon-musk".equals(e.participantId()) && e.type().startsWith("SPEAKING_")) {
                turns.add(e.atMs());
            }
        }
        elonSpeaks = turns.stream().mapToLong(Long::longValue).toArray();
        baseline = DemoBaseline.finals();
        assertTrue(baseline.size() >= 8, "baseline has " + baseline.size() + " finals");
    }

    private SpacecapsConfig config() {
        return DemoBaseline.config();
    }

    /** What one run gave: every final read, duplicates included, and what Flink says the job went through. */
    private record Run(List<TranscriptEvent> finals, FlinkRest.Checkpoints checkpoints, List<String> failures) {
    }

    /** Runs the demo Space's first minute through a fresh pipeline. */
    private Run run(TrackRecognizer recognizer, double speed, BiConsumer<EmbeddedPipeline, ReplayedFinals.Progress> duringReplay)
            throws Exception {
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(config(), true, s -> { }, recognizer)) {
            List<TranscriptEvent> finals = ReplayedFinals.collect(pipeline.bootstrapServers(), manifest, audio, SPACE, speed,
                    progress -> duringReplay.accept(pipeline, progress), Duration.ofSeconds(180));
            FlinkRest rest = rest(pipeline);
            return new Run(finals, rest.checkpoints(), rest.failures());
        }
    }

    private static FlinkRest rest(EmbeddedPipeline pipeline) {
        return new FlinkRest(pipeline.webUi().orElseThrow(), pipeline.job().getJobID());
    }

    private void assertSameAsBaseline(List<TranscriptEvent> finals) {
        TranscriptOfRecord.assertSameAs(baseline, finals);
    }

    @Test
    void aRecognitionTaskFailingMidUtteranceLeavesTheTranscriptUnchanged() throws Exception {
        FAILED.set(false);
        CHECKPOINTS_COMPLETED.set(0);
        Run run = run(new FailingOnceRecognizer(config()), 0, (pipeline, progress) -> { });
        assertTrue(FAILED.get(), "the recogniser failed once, as planned");
        assertTrue(speaking(FAILED_AT_CHUNK.get()), "the failure came while Elon Musk was speaking: chunk " + FAILED_AT_CHUNK.get());
        assertTrue(CHECKPOINTS_BEFORE_FAILURE.get() > 0, "the failure came after a completed checkpoint, so the job "
                + "restored from one: " + CHECKPOINTS_BEFORE_FAILURE.get() + " completed before it");
        assertEquals(1, run.failures().size(), "the job failed once: " + run.failures());
        assertTrue(run.failures().get(0).contains("planned failure mid-utterance"), "the planned failure: " + run.failures());
        assertTrue(run.checkpoints().restored() >= 1 && run.checkpoints().lastRestoredId() >= 1,
                "Flink restored the job's state from a checkpoint: " + run.checkpoints());
        assertSameAsBaseline(run.finals());
    }

    @Test
    void aKafkaBrokerKilledMidSpaceLeavesTheTranscriptUnchanged() throws Exception {
        long[] completedBeforeKill = {-1};
        int[] clientLinesBeforeKill = {-1};
        Run run;
        // What the job's own Kafka clients (sources, sinks, committer) say about the broker's connection.
        try (LogCapture clients = LogCapture.start(Level.WARN, "org.apache.kafka.clients.NetworkClient")) {
            // At 2.5x the replay lasts 28 s: long enough that the strike lands mid-Space even on a busy machine.
            run = run(null, 2.5, (pipeline, progress) -> {
                try {
                    progress.awaitFinals(2, Duration.ofSeconds(20)); // a few seconds into the Space
                    Thread.sleep(2_000);
                    progress.assertMidSpace("the broker kill");
                    completedBeforeKill[0] = rest(pipeline).checkpoints().completed();
                    clientLinesBeforeKill[0] = unreachable(clients).size();
                    pipeline.broker().kill(); // SIGKILL: no controlled shutdown, nothing flushed
                    Thread.sleep(BROKER_DOWN_MS);
                    pipeline.broker().restart();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            // The job saw the outage: its clients could not reach the broker while it was dead.
            List<String> unreachable = unreachable(clients);
            assertTrue(unreachable.size() > clientLinesBeforeKill[0], "the job's Kafka clients found the broker gone: " + unreachable);
        }
        // And it recovered: checkpoints (which commit the finals) complete again.
        assertTrue(run.checkpoints().completed() > completedBeforeKill[0], "checkpoints completed after the outage: " + run.checkpoints());
        assertSameAsBaseline(run.finals());
    }

    /**
     * Rescaling as an operator does it: the job stopped with a savepoint mid-Space (at one subtask),
     * started again from it at two, stopped again and started at three, while the Space goes on. The
     * tracks' recogniser state (counters, audio since the recogniser began) and their routes move with
     * their key groups; the finals equal the run without a stop, none twice.
     */
    @Test
    void stoppedWithASavepointAndRestartedAtTwoThenThreeSubtasksTheTranscriptIsUnchanged(@TempDir Path savepoints) throws Exception {
        List<Integer> recognisers = new ArrayList<>();
        List<TranscriptEvent> finals;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            AtomicReference<EmbeddedPipeline> running = new AtomicReference<>(startAt(broker, 1, null));
            try {
                recognisers.add(rest(running.get()).vertexParallelism("recognize speech"));
                // At 1.25x (56 s): two stops and two starts must both land mid-Space on a busy machine.
                finals = ReplayedFinals.collect(broker.bootstrapServers(), manifest, audio, SPACE, 1.25, progress -> {
                    try {
                        for (int parallelism : new int[]{2, 3}) {
                            progress.awaitFinals(progress.finalsSoFar() + 2, Duration.ofSeconds(40));
                            progress.assertMidSpace("the stop with a savepoint at " + (parallelism - 1) + " subtask(s)");
                            String savepoint = running.get().job()
                                    .stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                                    .get(60, TimeUnit.SECONDS);
                            running.get().close();
                            running.set(startAt(broker, parallelism, savepoint));
                            FlinkRest rest = rest(running.get());
                            Savepoints.assertStartedFrom(rest, savepoint);
                            recognisers.add(rest.vertexParallelism("recognize speech"));
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, Duration.ofSeconds(180));
            } finally {
                running.get().close();
            }
        }
        assertEquals(List.of(1, 2, 3), recognisers, "the recogniser ran at 1, then 2, then 3 subtasks");
        TranscriptOfRecord.assertSameAs(baseline, finals);
    }

    private EmbeddedPipeline startAt(EmbeddedKafkaBroker broker, int parallelism, String savepoint) throws Exception {
        SpacecapsConfig config = SpacecapsConfig.fromArgs(new String[]{"--model.en", io.spacecaps.testing.TestData.englishModel(),
                "--parallelism", String.valueOf(parallelism), "--checkpoint-interval-ms", "500",
                "--bootstrap", broker.bootstrapServers()});
        return EmbeddedPipeline.start(config, false, s -> { }, null,
                savepoint == null ? Map.of() : Map.of("execution.state-recovery.path", savepoint));
    }

    /** The job's Kafka clients' lines saying a connection to the broker could not be made. */
    private static List<String> unreachable(LogCapture clients) {
        return clients.lines().stream().filter(l -> l.contains("could not be established")).toList();
    }

    /** Whether the chunk (100 ms each, from the Space's start) is at least a second into one of Elon Musk's turns. */
    private static boolean speaking(long chunk) {
        long at = chunk * 100;
        for (int i = 0; i + 1 < elonSpeaks.length; i += 2) {
            if (at >= elonSpeaks[i] + 1_000 && at < elonSpeaks[i + 1] - 1_000) {
                return true;
            }
        }
        return false;
    }

    /** The recogniser, failing once in the middle of Elon Musk's sentence, after a completed checkpoint. */
    static final class FailingOnceRecognizer extends TrackRecognizer implements CheckpointListener {
        FailingOnceRecognizer(SpacecapsConfig config) {
            super(config);
        }

        @Override
        public void processElement(TrackChunk chunk, ReadOnlyContext ctx, Collector<TranscriptEvent> out) throws Exception {
            if (chunk.chunk.getTrackId().equals("elon-musk") && chunk.chunk.getSequence() >= FAIL_FROM_CHUNK
                    && CHECKPOINTS_COMPLETED.get() > 0 && speaking(chunk.chunk.getSequence()) && FAILED.compareAndSet(false, true)) {
                CHECKPOINTS_BEFORE_FAILURE.set(CHECKPOINTS_COMPLETED.get());
                FAILED_AT_CHUNK.set(chunk.chunk.getSequence());
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
