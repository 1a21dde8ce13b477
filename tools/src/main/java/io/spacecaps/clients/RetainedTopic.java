package io.spacecaps.clients;

import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.wire.WireFormat;
import io.spacecaps.schema.wire.WireFormatException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads what a topic holds now, from its first retained record to the end it had when the read
 * began, as a read_committed reader (finals are written in the job's transactions: an aborted one is
 * not the transcript). Records written meanwhile are left for the next read. No consumer group:
 * nothing is committed, and any number of readers can read at once.
 */
public final class RetainedTopic {

    /** How long one poll may wait, and how often progress is reported. */
    private static final Duration POLL = Duration.ofMillis(500);

    private RetainedTopic() {
    }

    /**
     * @param onlyKey   read only the partition the job writes this key to (its sinks key records by
     *                  Space and use Kafka's default partitioner); null reads every partition
     * @param onRecord  each record that decodes as the topic's type, in partition order
     * @param onUnread  each record that does not (its coordinates and why), which the reader skips
     * @param within    how long Kafka may take to answer at all
     * @return how many records were read
     */
    public static <T extends SpecificRecord> long read(KafkaClientSettings kafka, Topics topic, String onlyKey, Consumer<T> onRecord,
                                Consumer<String> onUnread, Duration within) {
        @SuppressWarnings("unchecked")
        WireFormat<T> wire = (WireFormat<T>) WireFormat.of(topic.valueType());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.committedReaderProperties(Map.of(
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.CLIENT_ID_CONFIG, "spacecaps-reader",
                ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) within.toMillis())))) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic.topicName(), within);
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic.topicName() + " does not exist on " + kafka.bootstrapServers());
            }
            List<TopicPartition> partitions = onlyKey == null
                    ? infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList()
                    : List.of(new TopicPartition(topic.topicName(), partitionOf(onlyKey, infos.size())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, within);
            long read = 0;
            while (partitions.stream().anyMatch(p -> consumer.position(p, within) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))) {
                        continue;
                    }
                    T value;
                    try {
                        value = wire.decode(record.value());
                    } catch (WireFormatException e) {
                        onUnread.accept(record.topic() + "[" + record.partition() + "]@" + record.offset() + ": " + e.getMessage());
                        continue;
                    }
                    onRecord.accept(value);
                    read++;
                }
            }
            return read;
        }
    }

    /** The partition Kafka's default partitioner gives a keyed record: murmur2 of the key's bytes. */
    static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
