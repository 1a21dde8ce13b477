package io.spacecaps.captions;

import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.wire.WireFormat;
import io.spacecaps.schema.wire.WireFormatException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * Reads caption topics on a background thread and hands every caption of one Space (or of every
 * Space) to a listener, in the order Kafka delivers them. Reads committed records only, so it sees
 * final captions exactly as a downstream consumer of record would.
 */
public final class CaptionFeed implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    /**
     * @param spaceId only this Space's captions, or null for all
     * @param topics  which caption topics to read
     */
    public CaptionFeed(String bootstrapServers, String spaceId, List<Topics> topics, Consumer<TranscriptEvent> listener) {
        this(KafkaClientSettings.plaintext(bootstrapServers), spaceId, topics, listener);
    }

    /** As above, on a cluster that may need client properties (TLS, SASL). */
    public CaptionFeed(KafkaClientSettings kafka, String spaceId, List<Topics> topics, Consumer<TranscriptEvent> listener) {
        Properties props = kafka.committedReaderProperties(Map.of());
        consumer = new KafkaConsumer<>(props);
        List<TopicPartition> partitions = new ArrayList<>();
        for (Topics topic : topics) {
            for (PartitionInfo p : consumer.partitionsFor(topic.topicName(), Duration.ofSeconds(30))) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        WireFormat<TranscriptEvent> wire = WireFormat.of(TranscriptEvent.class);
        thread = new Thread(() -> {
            try {
                while (running) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                        TranscriptEvent caption;
                        try {
                            caption = wire.decode(record.value());
                        } catch (WireFormatException e) {
                            continue; // Not ours to judge: the pipeline only writes valid captions.
                        }
                        if (spaceId == null || spaceId.equals(caption.getSpaceId())) {
                            listener.accept(caption);
                        }
                    }
                }
            } catch (WakeupException stopping) {
                // close() woke us.
            } catch (Throwable t) {
                failure = t;
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        }, "spacecaps-caption-feed");
        thread.setDaemon(true);
        thread.start();
    }

    /** What stopped the feed, if it stopped by failing. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
