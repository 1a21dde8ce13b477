package io.spacecaps.cli;

import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.wire.WireFormat;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;

/** What a replay put on the topics, read straight from the broker: the tests' own view, not the CLI's. */
final class PublishedRecords {

    private PublishedRecords() {
    }

    /** Per audio key of the Space, the chunk sequence numbers in the order they are on the topic. */
    static Map<String, List<Long>> sequences(String bootstrap, String spaceId) {
        WireFormat<AudioChunk> wire = WireFormat.of(AudioChunk.class);
        Map<String, List<Long>> byKey = new TreeMap<>();
        readAll(bootstrap, Topics.AUDIO, record -> {
            String key = record.key() == null ? "" : new String(record.key(), StandardCharsets.UTF_8);
            if (key.startsWith(spaceId + "/")) {
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(decode(wire, record.value()).getSequence());
            }
        });
        return byKey;
    }

    /** How many events of {@code type} the Space has on {@code spaces.events}. */
    static int events(String bootstrap, String spaceId, String type) {
        WireFormat<SpaceEvent> wire = WireFormat.of(SpaceEvent.class);
        int[] count = {0};
        readAll(bootstrap, Topics.EVENTS, record -> {
            if (record.key() != null && spaceId.equals(new String(record.key(), StandardCharsets.UTF_8))) {
                SpaceEvent e = decode(wire, record.value());
                if (e.getType().name().equals(type)) {
                    count[0]++;
                }
            }
        });
        return count[0];
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> T decode(WireFormat<T> wire, byte[] value) {
        try {
            return wire.decode(value);
        } catch (io.spacecaps.schema.wire.WireFormatException e) {
            throw new AssertionError("a replay wrote a record that is not one: " + e.getMessage(), e);
        }
    }

    private static void readAll(String bootstrap, Topics topic, Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic.topicName(), Duration.ofSeconds(10)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(each);
            }
        }
    }
}
