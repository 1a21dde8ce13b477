package io.spacecaps.cli;

import io.spacecaps.asr.TrackRecognizer;
import io.spacecaps.audio.PcmAudio;
import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.clients.TranscriptAudit;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.embedded.EmbeddedPipeline;
import io.spacecaps.ingest.TrackChunk;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.wire.WireFormat;
import io.spacecaps.session.SessionManifest;
import io.spacecaps.session.SessionPublisher;
import io.spacecaps.embedded.FlinkRest;
import io.spacecaps.testing.LogCapture;
import io.spacecaps.testing.TestData;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Flink's committer logs one and the same ERROR ("Unable to commit transaction … producer is already
 * fenced … most likely signals data loss", or "… in an invalid state") when it commits again, after
 * a recovery, a transaction it had already committed (nothing lost) and when the broker aborted a
 * transaction before the job could commit it (its finals lost). {@code audit} tells the two apart
 * from the transcript of record: a clean audit after the first, the missing final named after the
 * second.
 *
 * <p>Both are made certain rather than timed: checkpoints happen only when the test asks (the
 * interval is ten minutes), a final is seen written before its checkpoint, and each step waits for
 * what Kafka or Flink says happened. The Space: one speaker, one sentence, fifteen seconds of silence,
 * the sentence again, three seconds of silence, in real time.
 */
class AuditCommandITCase {

    private static final String SPACE = "audited";
    /**
     * Between the sentences: longer than a recovery takes, and than the broker takes to abort a timed-out
     * transaction (the embedded broker looks every second), so both come while the Space goes on.
     */
    private static final int SILENCE_MS = 15_000;
    private static final int TAIL_MS = 3_000;
    private static final AtomicBoolean FAIL_NEXT_CHUNK = new AtomicBoolean();

    @Test
    void aTransactionCommittedAgainAfterARecoveryLosesNothing(@TempDir Path dir) throws Exception {
        FAIL_NEXT_CHUNK.set(false);
        try (Run run = new Run(dir, List.of(), new FailingOnRequest(config(dir, List.of())))) {
            TranscriptEvent first = run.awaitFinal();
            assertEquals("ada#0", first.getUtteranceId());
            run.checkpoint(); // commits the first sentence's transaction
            run.awaitCommitted(1);
            List<String> committedBefore = run.commits();
            assertEquals(1, committedBefore.size(), "one transaction committed before the failure: " + committedBefore);
            // The task fails before the next checkpoint: the job goes back to the one just completed,
            // and commits its transaction again.
            FAIL_NEXT_CHUNK.set(true);
            run.awaitRestored();
            assertFalse(run.replay.isDone(), "the failure came while the Space went on");
            run.finishSpace();

            // Whether the broker takes the second commit as a retry or refuses it as fenced depends on
            // whether it comes before the restored writer's producer bumps the epoch: the committer's own
            // record of what it committed is what proves the transaction was committed again.
            List<String> committed = run.commits();
            assertTrue(committed.stream().filter(committedBefore.get(0)::equals).count() >= 2,
                    "the committer committed the restored checkpoint's transaction again: " + committed);
            TranscriptAudit.SpaceAudit audit = run.audit();
            assertTrue(audit.complete(), "nothing lost, nothing twice: " + audit);
            assertEquals(Map.of("ada", 2), audit.lastUtterance(), "both sentences and the end: " + audit);
            CliRun cli = CliRun.of("audit", "--bootstrap", run.bootstrap(), "--space", SPACE);
            assertEquals(0, cli.exitCode(), cli.err());
            assertEquals(SPACE + ": complete: 3 finals, 1 track(s), 1 ended\n", cli.out());
        }
    }

    @Test
    void aTransactionTheBrokerAbortedIsAMissingFinalTheAuditNames(@TempDir Path dir) throws Exception {
        // Transactions live 2 s: the first one outlives that before the checkpoint that would commit it.
        try (Run run = new Run(dir, List.of("transaction.timeout.ms=2000"), null)) {
            TranscriptEvent first = run.awaitFinal();
            assertEquals("ada#0", first.getUtteranceId());
            run.awaitTransactionsClosed(Duration.ofSeconds(25)); // the broker aborted it
            assertFalse(run.replay.isDone(), "the abort came while the Space went on");
            run.checkpoint(); // completes; its commit is refused, too late
            assertEquals(0, run.committedFinals(), "the first final is lost");
            TranscriptEvent second = run.finishSpace();

            assertTrue(run.committerErrors().stream().anyMatch(l -> l.contains("Unable to commit transaction")),
                    "Flink's committer reported the failed commit: " + run.committerErrors());
            TranscriptAudit.SpaceAudit audit = run.audit();
            assertFalse(audit.complete(), "the audit finds the loss: " + audit);
            assertEquals(List.of(new TranscriptAudit.Hole("ada", 0, 0, 0, second.getStartMs())), audit.holes());
            assertEquals(List.of("ada"), audit.ended());
            CliRun cli = CliRun.of("audit", "--bootstrap", run.bootstrap(), "--space", SPACE);
            assertEquals(1, cli.exitCode(), cli.err());
            assertTrue(cli.out().startsWith(SPACE + ": INCOMPLETE: 2 finals, 1 track(s), 1 ended; 1 missing, 0 repeated\n"
                    + "  missing ada utterance #0 (between 00:00:00 and 00:00:"), cli.out());
            assertTrue(cli.err().contains("finals are missing or repeated"), cli.err());
        }
    }

    @Test
    void itsErrorsAreOneLineEach() {
        CliRun noBootstrap = CliRun.of("audit", "--space", SPACE);
        assertEquals(2, noBootstrap.exitCode(), noBootstrap.err());
        assertTrue(noBootstrap.err().contains("audit needs --bootstrap HOST:PORT"), noBootstrap.err());
        CliRun blank = CliRun.of("audit", "--bootstrap", "127.0.0.1:9", "--space", " ");
        assertEquals(2, blank.exitCode(), blank.err());
        assertTrue(blank.err().contains("--space takes a Space id, not an empty one"), blank.err());
    }

    private static SpacecapsConfig config(Path dir, List<String> kafkaProperties) throws Exception {
        Path file = dir.resolve("client.properties");
        Files.write(file, kafkaProperties);
        return SpacecapsConfig.fromArgs(new String[]{"--model.en", TestData.englishModel(), "--parallelism", "1",
                "--checkpoint-interval-ms", "600000", "--kafka-properties", file.toString()});
    }

    /** The Space replayed into a fresh pipeline, with a read_uncommitted reader of its finals and the job's ERROR lines kept. */
    private static final class Run implements AutoCloseable {
        final EmbeddedPipeline pipeline;
        /** Flink's Kafka committer, down to the debug line it logs for every transaction it commits. */
        final LogCapture committer = LogCapture.start(Level.DEBUG, "org.apache.flink.connector.kafka.sink.internal.KafkaCommitter");
        final KafkaConsumer<byte[], byte[]> uncommitted;
        final List<TopicPartition> partitions;
        final FlinkRest rest;
        final CompletableFuture<Void> replay;
        private final SessionPublisher publisher;

        Run(Path dir, List<String> kafkaProperties, TrackRecognizer recognizer) throws Exception {
            pipeline = EmbeddedPipeline.start(config(dir, kafkaProperties), true, s -> { }, recognizer);
            rest = new FlinkRest(pipeline.webUi().orElseThrow(), pipeline.job().getJobID());
            uncommitted = new KafkaConsumer<>(KafkaClientSettings.plaintext(bootstrap()).committedReaderProperties(Map.of(
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")));
            partitions = uncommitted.partitionsFor(Topics.CAPTIONS_FINAL.topicName()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            uncommitted.assign(partitions);
            short[] sentence = TestData.clip("slt-hello").samples();
            // Silence after the second sentence too, so that its final comes at its endpoint and the track's end on its own.
            short[] samples = new short[sentence.length * 2 + (SILENCE_MS + TAIL_MS) * 16];
            System.arraycopy(sentence, 0, samples, 0, sentence.length);
            System.arraycopy(sentence, 0, samples, sentence.length + SILENCE_MS * 16, sentence.length);
            SessionManifest manifest = new SessionManifest(new SessionManifest.SpaceInfo(SPACE, "audited", null, "en"),
                    List.of(new SessionManifest.Participant("ada", "Ada", null, "HOST")),
                    List.of(new SessionManifest.Track("ada", "ada.wav", "ada")),
                    List.of(new SessionManifest.TimedEvent(0, "PARTICIPANT_JOINED", "ada", null, null, null)), dir);
            publisher = new SessionPublisher(bootstrap());
            replay = CompletableFuture.runAsync(() -> {
                try {
                    publisher.publish(manifest, Map.of(manifest.tracks().get(0), new PcmAudio(samples, 16_000)), SPACE, 1.0, 100, null);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        String bootstrap() {
            return pipeline.bootstrapServers();
        }

        /** The next final a read_uncommitted reader sees, committed or not. */
        TranscriptEvent awaitFinal() throws Exception {
            WireFormat<TranscriptEvent> wire = WireFormat.of(TranscriptEvent.class);
            long until = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (System.nanoTime() < until) {
                for (ConsumerRecord<byte[], byte[]> r : uncommitted.poll(Duration.ofMillis(200))) {
                    TranscriptEvent f = wire.decode(r.value());
                    if (f.getSpaceId().equals(SPACE)) {
                        return f;
                    }
                }
            }
            throw new AssertionError("no final within 90 s");
        }

        /** A checkpoint now, and waits until Flink says it completed. */
        void checkpoint() throws Exception {
            long before = rest.checkpoints().completed();
            rest.triggerCheckpoint();
            long until = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (rest.checkpoints().completed() <= before) {
                assertTrue(System.nanoTime() < until, "the checkpoint did not complete: " + rest.checkpoints());
                Thread.sleep(100);
            }
        }

        /** Waits until the job failed and restored its state from the last checkpoint. */
        void awaitRestored() throws Exception {
            long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (rest.checkpoints().restored() < 1 || !pipeline.job().getJobStatus().get().toString().equals("RUNNING")) {
                assertTrue(System.nanoTime() < until, "the job did not restore: " + rest.checkpoints());
                Thread.sleep(100);
            }
            assertTrue(rest.failures().get(0).contains("planned failure"), "the planned failure: " + rest.failures());
        }

        /** Waits until no transaction is open on the finals topic: a read_committed reader's end meets the log's. */
        void awaitTransactionsClosed(Duration within) throws InterruptedException {
            try (KafkaConsumer<byte[], byte[]> committed = new KafkaConsumer<>(KafkaClientSettings.plaintext(bootstrap())
                    .committedReaderProperties(Map.of()))) {
                long until = System.nanoTime() + within.toNanos();
                while (!committed.endOffsets(partitions).equals(uncommitted.endOffsets(partitions))) {
                    assertTrue(System.nanoTime() < until, "the broker did not abort the open transaction within " + within);
                    Thread.sleep(200);
                }
            }
        }

        /** Waits until a read_committed reader sees {@code finals} finals of the Space. */
        void awaitCommitted(int finals) throws InterruptedException {
            long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (committedFinals() < finals) {
                assertTrue(System.nanoTime() < until, "committed finals: " + committedFinals() + ", not " + finals);
                Thread.sleep(200);
            }
        }

        /** Committed finals of the Space so far. */
        int committedFinals() {
            return audit().finals();
        }

        /**
         * The second sentence's final committed with a checkpoint, then the track's end with another;
         * returns the second sentence's final.
         */
        TranscriptEvent finishSpace() throws Exception {
            TranscriptEvent second = awaitFinal();
            while (!second.getUtteranceId().equals("ada#1")) { // after a recovery, the first again, as the job redoes it
                second = awaitFinal();
            }
            checkpoint();
            replay.get(2, TimeUnit.MINUTES);
            TranscriptEvent end = awaitFinal();
            assertTrue(end.getEndOfTrack(), "the track's end: " + end.getUtteranceId());
            checkpoint();
            return second;
        }

        TranscriptAudit.SpaceAudit audit() {
            List<TranscriptAudit.SpaceAudit> audits = TranscriptAudit.read(KafkaClientSettings.plaintext(bootstrap()), SPACE,
                    unread -> { }, Duration.ofSeconds(30));
            return audits.isEmpty() ? TranscriptAudit.of(SPACE, List.of()) : audits.get(0);
        }

        List<String> committerErrors() {
            return committer.lines().stream().filter(l -> l.startsWith("ERROR ") || l.startsWith("WARN ")).toList();
        }

        /** The transactions the committer committed (or tried to), each as it names it, in order. */
        List<String> commits() {
            return committer.lines().stream().filter(l -> l.contains("Committing Kafka transaction ")).toList();
        }

        @Override
        public void close() throws Exception {
            try (committer; uncommitted; publisher; pipeline) {
                replay.cancel(true);
            }
        }
    }

    /** The recogniser, failing once on the first chunk after the test asks. */
    static final class FailingOnRequest extends TrackRecognizer {
        FailingOnRequest(SpacecapsConfig config) {
            super(config);
        }

        @Override
        public void processElement(TrackChunk chunk, ReadOnlyContext ctx, Collector<TranscriptEvent> out) throws Exception {
            if (FAIL_NEXT_CHUNK.compareAndSet(true, false)) {
                throw new IllegalStateException("planned failure after a committed checkpoint");
            }
            super.processElement(chunk, ctx, out);
        }
    }
}
