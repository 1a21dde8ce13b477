package io.spacecaps.cli;

import io.spacecaps.embedded.EmbeddedKafkaBroker;
import io.spacecaps.embedded.TopicSetup;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.Role;
import io.spacecaps.schema.wire.WireFormat;
import io.spacecaps.testing.SpaceRecords;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code export} and {@code spaces} against a real broker holding what the job and a room would have
 * written: finals of two Spaces, one of them in a transaction that was aborted, a final written twice,
 * a revision, a Space still live, and a title with a terminal escape in it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExportCommandITCase {

    private EmbeddedKafkaBroker broker;
    private final SpaceRecords ended = new SpaceRecords("interview");
    private final SpaceRecords live = new SpaceRecords("still-on");

    @BeforeAll
    void writeTwoSpaces() throws Exception {
        broker = EmbeddedKafkaBroker.start();
        TopicSetup.ensureAll(broker.bootstrapServers(), (short) 1);
        try (KafkaProducer<byte[], byte[]> producer = producer(null)) {
            send(producer, Topics.EVENTS, "interview", ended.started("Rockets, live"),
                    ended.joined("james", "James Clayton", Role.HOST), ended.joined("elon", "Elon Musk", Role.SPEAKER),
                    ended.joined("amy", "Amy Listener", Role.LISTENER));
            send(producer, Topics.CAPTIONS_FINAL, "interview",
                    ended.finalCaption("james", "James Clayton", 0, 500, 3_400, "Is there a lot of hate speech on Twitter?"),
                    ended.finalCaption("elon", "Elon Musk", 0, 3_900, 9_000, "What hate speech are you talking about?"),
                    // Read twice (a replay of the sink after a failure is deduplicated by id, as readers do).
                    ended.finalCaption("elon", "Elon Musk", 0, 3_900, 9_000, "What hate speech are you talking about?"),
                    ended.finalCaption("james", "James Clayton", 1, 70_000, 73_000, "You know exactly what I mean."));
            // A revision of James's second final: the newest revision is the transcript.
            send(producer, Topics.CAPTIONS_FINAL, "interview", ended.caption("james", "James Clayton", 1,
                    io.spacecaps.schema.TranscriptKind.FINAL, 100, 70_000, 73_000, "You know exactly what I meant.",
                    ended.finalCaption("james", "James Clayton", 1, 70_000, 73_000, "You know exactly what I meant.").getWords(), 0).build());
            send(producer, Topics.EVENTS, "interview", ended.ended(80_000));
            send(producer, Topics.EVENTS, "still-on", live.started("Late \u001b[2Jshow"), live.joined("bob", "Bob", Role.HOST));
            send(producer, Topics.CAPTIONS_FINAL, "still-on", live.finalCaption("bob", "Bob", 0, 1_000, 2_000, "Hello there."));
        }
        // A transaction the job aborted (a failure before its checkpoint): never part of the transcript.
        try (KafkaProducer<byte[], byte[]> producer = producer("aborted-finals")) {
            producer.initTransactions();
            producer.beginTransaction();
            send(producer, Topics.CAPTIONS_FINAL, "interview",
                    ended.finalCaption("elon", "Elon Musk", 7, 20_000, 22_000, "Words that were never committed."));
            producer.flush();
            producer.abortTransaction();
        }
    }

    @AfterAll
    void stop() {
        broker.close();
    }

    @Test
    void exportWritesTheCommittedTranscriptOfAnEndedSpace() {
        CliRun seed = CliRun.of("export", "--bootstrap", broker.bootstrapServers(), "--space", "interview");
        assertEquals(0, seed.exitCode(), seed.err());
        assertEquals("""
                [James Clayton] Is there a lot of hate speech on Twitter?
                [Elon Musk] What hate speech are you talking about?
                [James Clayton] You know exactly what I meant.
                """, seed.out());

        // From 4 s (James's question ended at 3.4 s) to one minute (his second question starts at 70 s).
        CliRun srt = CliRun.of("export", "--bootstrap", broker.bootstrapServers(), "--space", "interview",
                "--from", "00:00:04", "--to", "1:00", "--format", "srt");
        assertEquals(0, srt.exitCode(), srt.err());
        assertTrue(srt.out().startsWith("1\n00:00:03,900 --> "), srt.out());
        assertTrue(srt.out().contains("[Elon Musk] What hate speech"), srt.out());
        assertTrue(!srt.out().contains("Twitter") && !srt.out().contains("meant") && !srt.out().contains("never committed"), srt.out());
    }

    @Test
    void exportWritesToAFileAndSaysWhenTheSpaceIsStillLive(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("still-on.vtt");
        CliRun vtt = CliRun.of("export", "--bootstrap-server", broker.bootstrapServers(), "--space", "still-on",
                "--format", "vtt", "--out", out.toString());
        assertEquals(0, vtt.exitCode(), vtt.err());
        assertEquals("", vtt.out());
        assertTrue(Files.readString(out).startsWith("WEBVTT"), Files.readString(out));
        assertTrue(Files.readString(out).contains("<v Bob>Hello there."), Files.readString(out));
        assertTrue(vtt.err().contains("Space 'still-on' is live: its transcript up to 00:00:02"), vtt.err());
    }

    @Test
    void anUnknownSpaceOrABadRangeIsSaidInOneLine() {
        CliRun unknown = CliRun.of("export", "--bootstrap", broker.bootstrapServers(), "--space", "nope");
        assertEquals(1, unknown.exitCode());
        assertTrue(unknown.err().contains("no Space 'nope' on " + broker.bootstrapServers() + " (`spaces` lists the ones retained)"),
                unknown.err());
        CliRun range = CliRun.of("export", "--bootstrap", broker.bootstrapServers(), "--space", "interview", "--from", "2:00", "--to", "1:00");
        assertEquals(2, range.exitCode());
        assertTrue(range.err().contains("--to (1:00) must come after --from (2:00)"), range.err());
        CliRun time = CliRun.of("export", "--bootstrap", broker.bootstrapServers(), "--space", "interview", "--from", "yesterday");
        assertEquals(2, time.exitCode());
        assertTrue(time.err().contains("--from takes HH:MM:SS, MM:SS or seconds, not 'yesterday'"), time.err());
    }

    @Test
    void spacesListsEachSpaceWithItsSpeakersAndNoControlCharacters() throws Exception {
        CliRun spaces = CliRun.of("spaces", "--bootstrap", broker.bootstrapServers());
        assertEquals(0, spaces.exitCode(), spaces.err());
        List<String> lines = spaces.out().lines().toList();
        assertEquals(List.of(
                "interview  2026-11-25 18:00  00:01:20  \"Rockets, live\"  James Clayton, Elon Musk",
                "still-on  2026-11-25 18:00  live  \"Late [2Jshow\"  Bob"), lines.stream().sorted().toList());
        CliRun json = CliRun.of("spaces", "--bootstrap", broker.bootstrapServers(), "--json");
        assertTrue(json.out().contains("{\"id\":\"interview\",\"title\":\"Rockets, live\",\"language\":\"en\","
                + "\"startedAt\":\"2026-11-25T18:00:00Z\",\"endedAt\":\"2026-11-25T18:01:20Z\",\"live\":false,"
                + "\"speakers\":[\"James Clayton\",\"Elon Musk\"]}"), json.out());
    }

    private KafkaProducer<byte[], byte[]> producer(String transactionalId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        if (transactionalId != null) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        }
        return new KafkaProducer<>(props);
    }

    @SafeVarargs
    private static <T extends SpecificRecord> void send(KafkaProducer<byte[], byte[]> producer, Topics topic, String key, T... records)
            throws Exception {
        @SuppressWarnings("unchecked")
        WireFormat<T> wire = (WireFormat<T>) WireFormat.of(records[0].getClass());
        for (T record : records) {
            producer.send(new ProducerRecord<>(topic.topicName(), key.getBytes(StandardCharsets.UTF_8), wire.encode(record))).get();
        }
    }
}
