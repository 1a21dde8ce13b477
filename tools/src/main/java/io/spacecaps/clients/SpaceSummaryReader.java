package io.spacecaps.clients;

import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.SpaceStats;
import io.spacecaps.schema.wire.WireFormat;
import io.spacecaps.schema.wire.WireFormatException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Waits for the job's summary of one Space on {@code spaces.stats} (the newest, should it be corrected). */
public final class SpaceSummaryReader {

    /** After a summary, how long to keep reading for a correction (a straggling final re-summarises). */
    private static final Duration SETTLE = Duration.ofSeconds(2);

    private SpaceSummaryReader() {
    }

    /** The Space's newest summary, or empty if none came within {@code within}. */
    public static Optional<SpaceStats> await(KafkaClientSettings kafka, String spaceId, Duration within) {
        WireFormat<SpaceStats> wire = WireFormat.of(SpaceStats.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.clientProperties(Map.of(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(Topics.STATS.topicName(), Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + within.toNanos();
            SpaceStats newest = null;
            long settledAt = Long.MAX_VALUE;
            while (System.nanoTime() < Math.min(deadline, settledAt)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        SpaceStats stats = wire.decode(record.value());
                        if (stats.getSpaceId().equals(spaceId) && stats.getSummary()) {
                            newest = stats;
                            settledAt = System.nanoTime() + SETTLE.toNanos();
                        }
                    } catch (WireFormatException notStats) {
                        // Only the job writes this topic; a record it cannot read is not this Space's summary.
                    }
                }
            }
            return Optional.ofNullable(newest);
        }
    }
}
