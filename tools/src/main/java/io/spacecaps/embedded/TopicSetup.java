package io.spacecaps.embedded;

import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

import java.util.HashMap;
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
            awaitLogs(admin, bootstrapServers);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka at " + bootstrapServers + " did not answer within 60 s while creating topics", e);
        }
    }

    /**
     * Returns once every partition of the pipeline's topics has its log on its leader. A topic is
     * created when the controller says so; each broker makes the logs a moment later, and an
     * idempotent producer that writes in that moment can lose records for good: its first request
     * fails (no log yet), its second lands, and every retry of the first is then out of sequence
     * until it expires (KAFKA-15591; seen here as a replay right after topic creation that lost its
     * first room events). Listing the partitions' offsets answers only where the log exists.
     */
    private static void awaitLogs(Admin admin, String bootstrapServers) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        while (true) {
            try {
                if (partitions.isEmpty()) {
                    admin.describeTopics(Topics.all().stream().map(Topics::topicName).toList()).allTopicNames().get(10, TimeUnit.SECONDS)
                            .forEach((name, topic) -> topic.partitions().forEach(p ->
                                    partitions.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
                }
                admin.listOffsets(partitions).all().get(10, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException)) {
                    throw new IllegalStateException("the topics on " + bootstrapServers + " are not ready to write: "
                            + e.getCause().getMessage(), e.getCause());
                }
                partitions.clear();
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the topics' partitions on " + bootstrapServers + " are not ready to write after 60 s");
            }
            Thread.sleep(100);
        }
    }
}
