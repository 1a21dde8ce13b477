package io.spacecaps.kafka;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.schema.SpaceStats;
import io.spacecaps.schema.TranscriptEvent;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

import java.util.Properties;

/** The job's Kafka sources and sinks, built from the configuration. */
public final class KafkaConnectors {

    private KafkaConnectors() {
    }

    /** Reads a topic undecoded, from the group's committed offsets (see {@link SpacecapsConfig#START_FROM} for a new group). */
    public static KafkaSource<RawRecord> rawSource(SpacecapsConfig config, Topics topic) {
        return KafkaSource.<RawRecord>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setProperties(clientProperties(config))
                .setTopics(topic.topicName())
                .setGroupId(config.consumerGroup())
                .setStartingOffsets(startingOffsets(config))
                .setDeserializer(new RawRecordDeserializer())
                .setProperty("partition.discovery.interval.ms", "60000")
                // Only committed writes count as input, so a producer's aborted transaction is never captioned.
                .setProperty("isolation.level", "read_committed")
                .build();
    }

    /** The group's committed offsets; where it has none, the configured start (checked when the configuration was parsed). */
    static OffsetsInitializer startingOffsets(SpacecapsConfig config) {
        return switch (config.startFrom()) {
            case "earliest" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
            case "latest" -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.LATEST);
            default -> OffsetsInitializer.timestamp(config.startFromEpochMs().orElseThrow());
        };
    }

    /**
     * The Kafka client settings from {@code --kafka-properties} (TLS, SASL...), for every source and
     * sink; the job's own settings below are applied after them.
     */
    public static Properties clientProperties(SpacecapsConfig config) {
        Properties props = new Properties();
        props.putAll(config.kafkaProperties());
        return props;
    }

    /** Partials: at-least-once with low latency (a repeated partial is harmless; the final supersedes it). */
    public static KafkaSink<TranscriptEvent> partialSink(SpacecapsConfig config) {
        return KafkaSink.<TranscriptEvent>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setRecordSerializer(new AvroRecordSerializer<>(Topics.CAPTIONS_PARTIAL.topicName(), TranscriptEvent.class,
                        TranscriptEvent::getSpaceId))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setKafkaProducerConfig(lowLatencyProducer(config))
                .build();
    }

    /**
     * Finals: exactly once, in Kafka transactions committed with each checkpoint, so a
     * read_committed consumer sees every final once, also across failures. Without checkpoints
     * there is nothing to commit with, and finals go out at least once.
     */
    public static KafkaSink<TranscriptEvent> finalSink(SpacecapsConfig config) {
        boolean exactlyOnce = config.checkpointIntervalMs() > 0;
        Properties producer = lowLatencyProducer(config);
        // Brokers cap transactions at transaction.max.timeout.ms (15 min by default); Flink's own default is longer.
        // A cluster with a lower cap takes its own value from --kafka-properties. A transaction the broker
        // aborts for its age before the job commits it (a recovery slower than this) loses its finals: see `audit`.
        producer.putIfAbsent("transaction.timeout.ms", "900000");
        return KafkaSink.<TranscriptEvent>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setRecordSerializer(new AvroRecordSerializer<>(Topics.CAPTIONS_FINAL.topicName(), TranscriptEvent.class,
                        TranscriptEvent::getSpaceId))
                .setDeliveryGuarantee(exactlyOnce ? DeliveryGuarantee.EXACTLY_ONCE : DeliveryGuarantee.AT_LEAST_ONCE)
                .setTransactionalIdPrefix(config.transactionalIdPrefix() + "-finals")
                .setKafkaProducerConfig(producer)
                .build();
    }

    /** Stats: at least once; each record is the whole picture up to its time, so a repeat is harmless. */
    public static KafkaSink<SpaceStats> statsSink(SpacecapsConfig config) {
        return KafkaSink.<SpaceStats>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setRecordSerializer(new AvroRecordSerializer<>(Topics.STATS.topicName(), SpaceStats.class, SpaceStats::getSpaceId))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setKafkaProducerConfig(lowLatencyProducer(config))
                .build();
    }

    public static KafkaSink<DeadLetter> deadLetterSink(SpacecapsConfig config) {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setRecordSerializer(new AvroRecordSerializer<>(Topics.DEAD_LETTER.topicName(), DeadLetter.class,
                        d -> d.getSpaceId() == null ? null : d.getSpaceId()))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .setKafkaProducerConfig(clientProperties(config))
                .build();
    }

    private static Properties lowLatencyProducer(SpacecapsConfig config) {
        Properties props = clientProperties(config);
        // Captions are small and late ones are useless: send at once rather than batch.
        props.setProperty("linger.ms", "0");
        return props;
    }
}
