package io.spacecaps.bench;

import io.spacecaps.kafka.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * How many audio records the job has not read yet: its backlog on {@code spaces.audio}.
 *
 * <p>The job commits offsets to its consumer group only on checkpoints, which are off by default,
 * so the group's committed offsets say nothing. The job's Kafka consumers run in this JVM, though,
 * and Kafka clients publish each partition's {@code records-lag} (log end minus the consumer's
 * position at its last fetch) as a JMX bean: that is read first. When no such bean exists (the job
 * runs elsewhere), the group's committed offsets against the log end are used instead, which works
 * when checkpoints are on.
 */
final class BacklogProbe implements AutoCloseable {

    private final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
    private final String group;
    private final Admin admin;
    private String source = "none";

    BacklogProbe(String bootstrapServers, String group) {
        this.group = group;
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "spacecaps-bench-backlog");
        this.admin = Admin.create(props);
    }

    /** Where the last reading came from: {@code consumer-jmx}, {@code group-offsets} or {@code none}. */
    String source() {
        return source;
    }

    /** Audio records behind, summed over partitions; -1 if neither source can tell. */
    long lagRecords() {
        long fromJmx = fromConsumerMetrics();
        if (fromJmx >= 0) {
            source = "consumer-jmx";
            return fromJmx;
        }
        long fromGroup = fromGroupOffsets();
        source = fromGroup >= 0 ? "group-offsets" : "none";
        return fromGroup;
    }

    private long fromConsumerMetrics() {
        try {
            Set<ObjectName> names = jmx.queryNames(new ObjectName("kafka.consumer:type=consumer-fetch-manager-metrics,*"), null);
            String topic = Topics.AUDIO.topicName();
            // Kafka writes the topic tag of partition metrics with '.' replaced by '_'.
            String escaped = topic.replace('.', '_');
            long lag = 0;
            boolean found = false;
            for (ObjectName name : names) {
                String t = name.getKeyProperty("topic");
                if (name.getKeyProperty("partition") == null || !(topic.equals(t) || escaped.equals(t))) {
                    continue;
                }
                Object value = jmx.getAttribute(name, "records-lag");
                if (value instanceof Number n && !Double.isNaN(n.doubleValue())) {
                    lag += Math.max(0, Math.round(n.doubleValue()));
                    found = true;
                }
            }
            return found ? lag : -1;
        } catch (Exception e) {
            return -1;
        }
    }

    private long fromGroupOffsets() {
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(5, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> ends = new HashMap<>();
            committed.keySet().stream().filter(tp -> tp.topic().equals(Topics.AUDIO.topicName()))
                    .forEach(tp -> ends.put(tp, OffsetSpec.latest()));
            if (ends.isEmpty()) {
                return -1;
            }
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> latest = admin.listOffsets(ends).all().get(5, TimeUnit.SECONDS);
            long lag = 0;
            for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> e : latest.entrySet()) {
                OffsetAndMetadata at = committed.get(e.getKey());
                lag += Math.max(0, e.getValue().offset() - (at == null ? 0 : at.offset()));
            }
            return lag;
        } catch (Exception e) {
            return -1;
        }
    }

    @Override
    public void close() {
        admin.close();
    }
}
