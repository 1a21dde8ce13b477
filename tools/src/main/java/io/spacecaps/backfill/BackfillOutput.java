package io.spacecaps.backfill;

import io.spacecaps.captions.TranscriptFormat;
import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.wire.WireFormat;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Where a backfill's finals go once the whole range is recognised: a Kafka topic, transcript files, or both. */
public final class BackfillOutput {

    /** The default topic: a backfill never writes over the live transcript of record unless asked to by name. */
    public static final String DEFAULT_TOPIC = "captions.backfill";

    private BackfillOutput() {
    }

    /**
     * Writes the finals to {@code topic} as the job writes captions.final (Avro single-object values,
     * keyed by Space), all in one Kafka transaction: a read_committed reader sees all of them or, if
     * this fails, none. The topic is created like captions.final when it does not exist.
     */
    public static void publish(KafkaClientSettings kafka, String topic, List<TranscriptEvent> finals) throws Exception {
        ensureTopic(kafka, topic);
        WireFormat<TranscriptEvent> wire = WireFormat.of(TranscriptEvent.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(kafka.clientProperties(Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "spacecaps-backfill-" + UUID.randomUUID())))) {
            producer.initTransactions();
            producer.beginTransaction();
            try {
                for (TranscriptEvent f : finals) {
                    producer.send(new ProducerRecord<>(topic, f.getSpaceId().getBytes(StandardCharsets.UTF_8), wire.encode(f)));
                }
                producer.commitTransaction();
            } catch (Exception e) {
                producer.abortTransaction();
                throw e;
            }
        }
    }

    private static void ensureTopic(KafkaClientSettings kafka, String topic) throws InterruptedException {
        try (Admin admin = Admin.create(kafka.clientProperties(Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000)))) {
            try {
                admin.createTopics(List.of(new NewTopic(topic, Topics.CAPTIONS_FINAL.partitions(), (short) -1)))
                        .all().get(60, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + topic + " on " + kafka.bootstrapServers()
                            + ": " + e.getCause().getMessage(), e.getCause());
                }
            } catch (java.util.concurrent.TimeoutException e) {
                throw new IllegalStateException("Kafka at " + kafka.bootstrapServers() + " did not answer within 60 s while creating topic " + topic);
            }
        }
    }

    /**
     * One transcript per Space in {@code dir}, named for the Space ({@code <space>.<extension>}, with
     * only safe characters: ids come from producers). Returns the files written.
     */
    public static List<Path> writeFiles(Path dir, TranscriptFormat format, String extension, List<TranscriptEvent> finals)
            throws IOException {
        Files.createDirectories(dir);
        Map<String, List<TranscriptEvent>> bySpace = new LinkedHashMap<>();
        for (TranscriptEvent f : finals) {
            bySpace.computeIfAbsent(f.getSpaceId(), s -> new ArrayList<>()).add(f);
        }
        List<Path> written = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        for (Map.Entry<String, List<TranscriptEvent>> space : bySpace.entrySet()) {
            Path file = dir.resolve(fileName(space.getKey(), extension, taken));
            Files.writeString(file, format.render(space.getValue()), StandardCharsets.UTF_8);
            written.add(file);
        }
        return written;
    }

    static String fileName(String spaceId, String extension, Set<String> taken) {
        String stem = spaceId.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[.]+", "_");
        if (stem.isEmpty() || stem.length() > 100) {
            stem = "space-" + Integer.toHexString(spaceId.hashCode());
        }
        String name = stem + "." + extension;
        for (int n = 2; !taken.add(name.toLowerCase(Locale.ROOT)); n++) {
            name = stem + "-" + n + "." + extension;
        }
        return name;
    }
}
