package io.spacecaps.embedded;

import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Creates the pipeline's topics on a cluster, leaving existing ones as they are. */
public final class TopicSetup {

    private TopicSetup() {
    }

    public static void ensureAll(String bootstrapServers, short replicationFactor) {
        ensureAll(KafkaClientSettings.plaintext(bootstrapServers), replicationFactor);
    }

    public static void ensureAll(KafkaClientSettings kafka, short replicationFactor) {
        String bootstrapServers = kafka.bootstrapServers();
        Properties props = kafka.clientProperties(Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000));
        try (Admin admin = Admin.create(props)) {
            List<NewTopic> topics = Topics.all().stream()
                    .map(t -> new NewTopic(t.topicName(), t.partitions(), replicationFactor)
                            .configs(Map.of("max.message.bytes", String.valueOf(4 * 1024 * 1024))))
                    .toList();
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey() + " on " + bootstrapServers
                                + ": " + e.getCause().getMessage(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within 60 s while creating topics", e);
        }
    }
}
