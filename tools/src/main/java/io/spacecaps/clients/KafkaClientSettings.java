package io.spacecaps.clients;

import io.spacecaps.config.SpacecapsConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * How the command line's own Kafka clients (producers, consumers, admin) reach a cluster: the same
 * bootstrap servers and client properties file (TLS, SASL...) as the job's connectors, so that a
 * secured cluster works for every command or for none.
 *
 * @param bootstrapServers HOST:PORT[,...]
 * @param properties       client properties from {@code --kafka-properties FILE}; may hold secrets, so never printed
 */
public record KafkaClientSettings(String bootstrapServers, Map<String, String> properties) {

    public KafkaClientSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        properties = Map.copyOf(properties);
    }

    /** A plaintext cluster (the embedded broker, tests). */
    public static KafkaClientSettings plaintext(String bootstrapServers) {
        return new KafkaClientSettings(bootstrapServers, Map.of());
    }

    public static KafkaClientSettings of(SpacecapsConfig config) {
        return new KafkaClientSettings(config.bootstrapServers(), config.kafkaProperties());
    }

    /**
     * The properties for a new client: the file's first, then bootstrap servers and {@code own}
     * (serialisers, isolation level...) on top, since the code depends on those.
     */
    public Properties clientProperties(Map<String, ?> own) {
        Properties props = new Properties();
        props.putAll(properties);
        props.put("bootstrap.servers", bootstrapServers);
        props.putAll(own);
        return props;
    }

    /**
     * A consumer of raw records that reads what is committed only (finals are written in the job's
     * transactions: an aborted one is not the transcript) and commits no offsets of its own (readers
     * here assign partitions and seek); {@code more} on top.
     */
    public Properties committedReaderProperties(Map<String, ?> more) {
        Map<String, Object> own = new HashMap<>();
        own.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        own.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        own.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        own.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        own.putAll(more);
        return clientProperties(own);
    }

    /** Says where, never what the properties hold (passwords, keys). */
    @Override
    public String toString() {
        return bootstrapServers + (properties.isEmpty() ? "" : " (with " + properties.size() + " client properties)");
    }
}
