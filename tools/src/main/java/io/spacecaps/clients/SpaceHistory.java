package io.spacecaps.clients;

import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import io.spacecaps.schema.wire.WireFormat;
import io.spacecaps.schema.wire.WireFormatException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a cluster's {@code spaces.events} says about a Space id. A Space that has ended is over for the
 * job: audio replayed under its id again is dead-lettered, so {@code replay} asks first.
 */
public final class SpaceHistory {

    private SpaceHistory() {
    }

    /** The answer, or that the topic could not be read through in time. */
    public record Ended(Optional<Instant> at, boolean readThrough) {
    }

    /**
     * When the Space's SPACE_ENDED event was published, reading only the partition its key lands in
     * (events are keyed by Space id), up to what is there now.
     */
    public static Ended endedAt(KafkaClientSettings kafka, String spaceId, Duration timeout) {
        byte[] key = spaceId.getBytes(StandardCharsets.UTF_8);
        WireFormat<SpaceEvent> wire = WireFormat.of(SpaceEvent.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.clientProperties(Map.of(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)))) {
            List<PartitionInfo> partitions = consumer.partitionsFor(Topics.EVENTS.topicName(), timeout);
            if (partitions == null || partitions.isEmpty()) {
                return new Ended(Optional.empty(), true);
            }
            // The producer's default partitioner for a keyed record.
            TopicPartition partition = new TopicPartition(Topics.EVENTS.topicName(), Utils.toPositive(Utils.murmur2(key)) % partitions.size());
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
            long deadline = System.nanoTime() + timeout.toNanos();
            Optional<Instant> ended = Optional.empty();
            while (consumer.position(partition, timeout) < end) {
                if (System.nanoTime() > deadline) {
                    return new Ended(ended, false);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key() == null || !Arrays.equals(record.key(), key)) {
                        continue;
                    }
                    try {
                        SpaceEvent event = wire.decode(record.value());
                        if (event.getType() == SpaceEventType.SPACE_ENDED && spaceId.equals(event.getSpaceId())) {
                            ended = Optional.of(event.getTime());
                        }
                    } catch (WireFormatException notAnEvent) {
                        // The job dead-letters it; it says nothing about this Space.
                    }
                }
            }
            return new Ended(ended, true);
        }
    }
}
