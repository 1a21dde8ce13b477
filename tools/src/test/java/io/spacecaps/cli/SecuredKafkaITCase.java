package io.spacecaps.cli;

import io.spacecaps.embedded.BrokerSecurity;
import io.spacecaps.embedded.EmbeddedKafkaBroker;
import io.spacecaps.eval.WordErrorRate;
import io.spacecaps.testing.LocalTls;
import io.spacecaps.testing.TestData;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.FileInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A cluster that takes clients only over TLS with SASL/SCRAM credentials, as production clusters do:
 * the job and the commands work with the credentials from one properties file (or the environment),
 * are refused without them, and never log or write the secrets. Run as a user runs them, through
 * {@code scripts/spacecaps}, each in its own JVM.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecuredKafkaITCase {

    private static final String USER = "spacecaps";
    private static final String SECRET = "caps-secret-4711";
    private static final String STORE_PASSWORD = "store-secret-5150";

    private Path dir;
    private EmbeddedKafkaBroker broker;
    private Path credentials;
    private Path wrongPassword;

    @BeforeAll
    void startSecuredBroker() throws Exception {
        dir = Files.createTempDirectory("spacecaps-secured-");
        LocalTls tls = LocalTls.create(dir, STORE_PASSWORD);
        broker = EmbeddedKafkaBroker.startSecured(new BrokerSecurity(tls.keyStore(), tls.trustStore(), tls.password(),
                Map.of("broker", "broker-secret-2718", USER, SECRET), "broker"));
        credentials = clientProperties(tls, "client.properties", SECRET);
        wrongPassword = clientProperties(tls, "wrong.properties", "not-the-password");
    }

    @AfterAll
    void stop() throws IOException {
        if (broker != null) {
            broker.close();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void theJobAndTheCommandsWorkWithCredentialsAndAreRefusedWithoutAndNoSecretIsLoggedOrWritten() throws Exception {
        String bootstrap = broker.bootstrapServers();
        String clip = TestData.home().resolve("pipeline/src/test/resources/clips/slt-hello.wav").toString();

        // The job (a MiniCluster here, its sources, sinks and committer) and the command's own clients,
        // with every framework log line at INFO: Kafka's clients print their whole configuration.
        Run transcribed = spacecaps(Map.of(), "transcribe", clip, "--bootstrap", bootstrap, "--kafka-properties",
                credentials.toString(), "--verbose");
        assertEquals(0, transcribed.exitCode(), transcribed.err());
        assertTrue(WordErrorRate.of(TestData.clipText("slt-hello"), transcribed.out()).wer() <= 0.15,
                "transcribed over SASL_SSL: " + transcribed.out());
        assertTrue(transcribed.err().contains("security.protocol = SASL_SSL") && transcribed.err().contains("sasl.jaas.config = [hidden]"),
                "the clients logged their settings, the JAAS line hidden");
        assertNoSecretIn("transcribe --verbose", transcribed.out() + transcribed.err());

        // A command's own clients, with the file from the environment instead of the option.
        Run listed = spacecaps(Map.of("SPACECAPS_KAFKA_PROPERTIES", credentials.toString()), "spaces", "--bootstrap", bootstrap);
        assertEquals(0, listed.exitCode(), listed.err());
        assertEquals(1, listed.out().lines().filter(l -> !l.isBlank()).count() - header(listed.out()), "one Space: " + listed.out());
        assertNoSecretIn("spaces", listed.out() + listed.err());

        // A wrong password: refused at once, and said so, instead of trying again and again.
        Run refused = spacecaps(Map.of(), "spaces", "--bootstrap", bootstrap, "--kafka-properties", wrongPassword.toString());
        assertEquals(1, refused.exitCode(), "a wrong password is refused: " + refused.out());
        assertTrue(refused.err().contains("refused this client") && refused.err().contains("Authentication failed"), refused.err());
        assertNoSecretIn("a refused command", refused.out() + refused.err());

        // No credentials: a plaintext client at a TLS listener is hung up on without a word. The
        // command keeps trying, as it does for a cluster that is down, and says what may be missing.
        String plaintext = stopOnceSaid(List.of("transcribe", clip, "--bootstrap", bootstrap), "--kafka-properties FILE");
        assertTrue(plaintext.contains("is not reachable"), plaintext);
        // What went to the cluster: every record of every topic, read with the credentials.
        assertNoSecretIn("the topics' records", allRecords(bootstrap));
    }

    private static long header(String listing) {
        return listing.lines().filter(l -> l.startsWith("SPACE") || l.startsWith("#")).count();
    }

    private static void assertNoSecretIn(String where, String text) {
        for (String secret : List.of(SECRET, STORE_PASSWORD, "broker-secret-2718")) {
            assertFalse(text.contains(secret), where + " shows a secret");
        }
    }

    private String allRecords(String bootstrap) throws IOException {
        Properties props = new Properties();
        try (FileInputStream in = new FileInputStream(credentials.toFile())) {
            props.load(in);
        }
        props.put("bootstrap.servers", bootstrap);
        props.put("key.deserializer", ByteArrayDeserializer.class.getName());
        props.put("value.deserializer", ByteArrayDeserializer.class.getName());
        StringBuilder all = new StringBuilder();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.listTopics(Duration.ofSeconds(30)).forEach((topic, infos) ->
                    infos.forEach(i -> partitions.add(new TopicPartition(topic, i.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = new HashMap<>(consumer.endOffsets(partitions));
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue()) && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key() != null) {
                        all.append(new String(r.key(), StandardCharsets.ISO_8859_1));
                    }
                    if (r.value() != null) {
                        all.append(new String(r.value(), StandardCharsets.ISO_8859_1));
                    }
                    r.headers().forEach(h -> all.append(new String(h.value(), StandardCharsets.ISO_8859_1)));
                }
            }
            assertTrue(partitions.size() > 5 && all.length() > 0, "read the topics: " + partitions);
        }
        return all.toString();
    }

    private Path clientProperties(LocalTls tls, String name, String password) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, String.join("\n",
                "security.protocol=SASL_SSL",
                "sasl.mechanism=" + BrokerSecurity.MECHANISM,
                "sasl.jaas.config=" + BrokerSecurity.jaasConfig(USER, password),
                "ssl.truststore.type=PKCS12",
                "ssl.truststore.location=" + tls.trustStore(),
                "ssl.truststore.password=" + tls.password(),
                ""), StandardCharsets.UTF_8);
        return file;
    }

    private record Run(int exitCode, String out, String err) {
    }

    /** A scripts/spacecaps process under way, its standard output and error going to files. */
    private record Launched(Process process, Path out, Path err) {
        String said() throws IOException {
            return Files.readString(out, StandardCharsets.UTF_8);
        }

        String warned() throws IOException {
            return Files.readString(err, StandardCharsets.UTF_8);
        }
    }

    /** Starts scripts/spacecaps with {@code args}; no properties file from this JVM's environment, only {@code environment}. */
    private Launched launch(Map<String, String> environment, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of(TestData.home().resolve("scripts/spacecaps").toString()));
        command.addAll(args);
        Path out = Files.createTempFile(dir, "out-", ".txt");
        Path err = Files.createTempFile(dir, "err-", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().remove("SPACECAPS_KAFKA_PROPERTIES");
        builder.environment().putAll(environment);
        return new Launched(builder.start(), out, err);
    }

    /** Runs a command that keeps trying until its standard error says {@code awaited}, then stops it; returns what it said. */
    private String stopOnceSaid(List<String> args, String awaited) throws Exception {
        Launched run = launch(Map.of(), args);
        Process p = run.process();
        try {
            for (long until = System.nanoTime() + 120_000_000_000L; System.nanoTime() < until && p.isAlive(); Thread.sleep(200)) {
                if (run.warned().contains(awaited)) {
                    break;
                }
            }
            String said = run.warned();
            assertTrue(said.contains(awaited), "within 2 minutes: " + said);
            assertTrue(run.said().isBlank(), "nothing on standard output");
            return said;
        } finally {
            p.toHandle().descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            p.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Run spacecaps(Map<String, String> environment, String... args) throws Exception {
        Launched run = launch(environment, List.of(args));
        if (!run.process().waitFor(5, TimeUnit.MINUTES)) {
            run.process().destroyForcibly();
            throw new AssertionError("spacecaps " + String.join(" ", args) + " did not end within 5 minutes:\n" + run.warned());
        }
        return new Run(run.process().exitValue(), run.said(), run.warned());
    }
}
