package io.spacecaps.cli;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.embedded.EmbeddedPipeline;
import io.spacecaps.kafka.Topics;
import io.spacecaps.eval.WordErrorRate;
import io.spacecaps.testing.TestData;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The commands that talk to Kafka, against a real embedded broker (and the job where one is needed). */
class SpacecapsCliKafkaITCase {

    @Test
    void captionsSaysWithinTenSecondsThatKafkaIsUnreachableAndKeepsTrying() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Console console = new Console(new PrintStream(err, true, StandardCharsets.UTF_8), false);
        SpacecapsCli cli = new SpacecapsCli(new CliContext(console, Map.of(), Path.of(".")));
        Thread run = new Thread(() -> cli.run("captions", "--bootstrap", "127.0.0.1:" + closedPort));
        long started = System.nanoTime();
        run.start();
        try {
            while (!err.toString(StandardCharsets.UTF_8).contains("is not reachable") && System.nanoTime() - started < 10_000_000_000L) {
                Thread.sleep(100);
            }
            String said = err.toString(StandardCharsets.UTF_8);
            assertTrue(said.contains("spacecaps: warning: Kafka at 127.0.0.1:" + closedPort + " is not reachable"),
                    "within 10 s: " + said);
            // ...and says so again while it keeps trying.
            Thread.sleep(7_000);
            long lines = err.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("is not reachable")).count();
            assertTrue(lines >= 2, err.toString(StandardCharsets.UTF_8));
        } finally {
            run.interrupt();
            run.join(10_000);
        }
    }

    @Test
    void deadLettersShowsAMalformedRecordAndAReplayRunAgainSendsOnlyWhatIsMissing() throws Exception {
        SpacecapsConfig config = SpacecapsConfig.defaults().with("model.en", TestData.englishModel());
        Path checkpoints;
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(config, true, s -> { })) {
            String bootstrap = pipeline.bootstrapServers();
            checkpoints = pipeline.temporaryCheckpoints().orElseThrow();
            assertTrue(Files.isDirectory(checkpoints));

            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
                producer.send(new ProducerRecord<>(Topics.AUDIO.topicName(), "s1/t1".getBytes(StandardCharsets.UTF_8),
                        "this is not avro".getBytes(StandardCharsets.UTF_8))).get();
            }
            CliRun letters = null;
            long deadline = System.nanoTime() + 90_000_000_000L;
            while (System.nanoTime() < deadline) {
                letters = CliRun.of("dead-letters", "--bootstrap-server", bootstrap);
                if (letters.out().contains("NOT_AVRO")) {
                    break;
                }
                Thread.sleep(1_000);
            }
            assertEquals(0, letters.exitCode(), letters.err());
            String line = letters.out().lines().filter(l -> l.contains("NOT_AVRO")).findFirst().orElse("");
            assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\S+ NOT_AVRO space=\\S+ track=\\S+ from spaces\\.audio\\[\\d]@\\d+: .+"),
                    "one line with time, reason, Space and track, source and message: " + letters.out());
            assertTrue(letters.err().contains("dead letter(s)"), letters.err());
            assertEquals("", CliRun.of("dead-letters", "--bootstrap", bootstrap, "--space", "no-such-space").out());

            String wav = TestData.home().resolve("pipeline/src/test/resources/clips/slt-hello.wav").toString();
            CliRun first = CliRun.of("replay", wav, "--bootstrap", bootstrap, "--speed", "0", "--space-id", "twice");
            assertEquals(0, first.exitCode(), first.err());
            Map<String, List<Long>> once = PublishedRecords.sequences(bootstrap, "twice");
            CliRun second = CliRun.of("replay", wav, "--bootstrap", bootstrap, "--speed", "0", "--space-id", "twice");
            assertEquals(0, second.exitCode(), second.err());
            assertTrue(second.err().contains("Space 'twice' is on " + bootstrap + " in full already"), second.err());
            assertTrue(second.err().contains("nothing to publish") && second.err().contains("--new-id"), second.err());
            assertEquals(once, PublishedRecords.sequences(bootstrap, "twice"), "the second replay sent nothing");
            assertEquals(1, PublishedRecords.events(bootstrap, "twice", "SPACE_STARTED"));
            CliRun renamed = CliRun.of("replay", wav, "--bootstrap", bootstrap, "--speed", "0", "--space-id", "twice", "--new-id");
            assertEquals(2, renamed.exitCode(), "--space-id and --new-id together: " + renamed.err());
            CliRun fresh = CliRun.of("replay", wav, "--bootstrap", bootstrap, "--speed", "0", "--new-id");
            assertEquals(0, fresh.exitCode(), fresh.err());

            // A replay stopped half-way and run again goes on where it stopped: every chunk once, in order.
            ByteArrayOutputStream stoppedErr = new ByteArrayOutputStream();
            SpacecapsCli stopped = new SpacecapsCli(new CliContext(new Console(new PrintStream(stoppedErr, true, StandardCharsets.UTF_8), false),
                    Map.of(), TestData.home()));
            Thread halfway = new Thread(() -> stopped.run("replay", wav, "--bootstrap", bootstrap, "--speed", "1", "--space-id", "resumed"));
            halfway.start();
            for (long until = System.nanoTime() + 60_000_000_000L; System.nanoTime() < until; Thread.sleep(100)) {
                if (PublishedRecords.sequences(bootstrap, "resumed").values().stream().mapToInt(List::size).sum() >= 20) {
                    break;
                }
            }
            halfway.interrupt();
            halfway.join(30_000);
            int sentBefore = PublishedRecords.sequences(bootstrap, "resumed").values().stream().mapToInt(List::size).sum();
            assertTrue(sentBefore >= 20 && sentBefore < 57, "stopped mid-recording (57 chunks and its end): " + sentBefore);
            CliRun resumed = CliRun.of("replay", wav, "--bootstrap", bootstrap, "--speed", "0", "--space-id", "resumed");
            assertEquals(0, resumed.exitCode(), resumed.err());
            assertTrue(resumed.err().contains("in part already (" + sentBefore + " chunk(s)"), resumed.err());
            List<Long> sequences = PublishedRecords.sequences(bootstrap, "resumed").get("resumed/mixed");
            assertEquals(java.util.stream.LongStream.rangeClosed(0, sequences.size() - 1).boxed().toList(), sequences,
                    "each chunk once, in order, the end included");
            assertEquals(1, PublishedRecords.events(bootstrap, "resumed", "SPACE_STARTED"));
            assertEquals(1, PublishedRecords.events(bootstrap, "resumed", "SPACE_ENDED"));

            // From a point of the recording on: the chunks keep the numbers they have in the whole of it.
            CliRun tail = CliRun.of("replay", wav, "--bootstrap", bootstrap, "--speed", "0", "--space-id", "tail", "--from", "00:03");
            assertEquals(0, tail.exitCode(), tail.err());
            List<Long> tailSequences = PublishedRecords.sequences(bootstrap, "tail").get("tail/mixed");
            assertEquals(30L, tailSequences.get(0), "the first chunk sent is the one that starts at 3 s");
            assertEquals(2, CliRun.of("replay", wav, "--bootstrap", bootstrap, "--from", "1:00:00", "--space-id", "late").exitCode());

            // What the job wrote comes back out of Kafka, as transcribe would have printed it.
            CliRun spaces = CliRun.of("spaces", "--bootstrap", bootstrap);
            assertEquals(0, spaces.exitCode(), spaces.err());
            assertTrue(spaces.out().lines().anyMatch(l -> l.startsWith("twice  ")), spaces.out());
            // The job may still be at it: export gives what is committed so far, so ask until all of it is there.
            CliRun exported = null;
            double wer = 1;
            for (long until = System.nanoTime() + 60_000_000_000L; wer > 0.15 && System.nanoTime() < until; Thread.sleep(1_000)) {
                exported = CliRun.of("export", "--bootstrap", bootstrap, "--space", "twice", "--format", "seed");
                assertEquals(0, exported.exitCode(), exported.err());
                String words = exported.out().lines().map(l -> l.replaceFirst("^\\[[^]]*] ", "")).reduce("", (x, y) -> x + " " + y);
                wer = WordErrorRate.of(TestData.clipText("slt-hello"), words).wer();
            }
            assertTrue(wer <= 0.15, "the replayed clip's words come back out of Kafka: " + exported.out() + exported.err());
            // The resumed Space was heard once: its words, not twice its words.
            String resumedWords = "";
            for (long until = System.nanoTime() + 60_000_000_000L; System.nanoTime() < until; Thread.sleep(1_000)) {
                CliRun again = CliRun.of("export", "--bootstrap", bootstrap, "--space", "resumed", "--format", "seed");
                resumedWords = again.out().lines().map(l -> l.replaceFirst("^\\[[^]]*] ", "")).reduce("", (x, y) -> x + " " + y);
                if (WordErrorRate.of(TestData.clipText("slt-hello"), resumedWords).wer() <= 0.15) {
                    break;
                }
            }
            assertTrue(WordErrorRate.of(TestData.clipText("slt-hello"), resumedWords).wer() <= 0.15,
                    "a replay stopped and resumed is captioned once: " + resumedWords);
        }
        assertFalse(Files.exists(checkpoints), "the temporary checkpoint directory is removed on close");
    }

    @Test
    void aJobFailureReachesStandardErrorInOneLine(@TempDir Path dir) throws Exception {
        Path model = Files.createDirectories(dir.resolve("broken-model/am"));
        Files.writeString(model.resolve("final.mdl"), "not a model");
        CliRun run = CliRun.of("transcribe", TestData.home().resolve("pipeline/src/test/resources/clips/slt-hello.wav").toString(), "--model.en", model.getParent().toString(),
                "-D", "restart-strategy.type=none");
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().lines().anyMatch(l -> l.startsWith("spacecaps: error: the Flink job stopped: ") && l.contains("broken-model")),
                "the job's failure, with its cause: " + run.err());
        assertTrue(run.err().lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace without --verbose: " + run.err());
        assertEquals("", run.out());
    }
}
