package io.spacecaps.dashboard;

import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.wire.WireFormat;
import io.spacecaps.schema.wire.WireFormatException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads the Spaces' events, the captions and the stats into the {@link DashboardState} on a thread of
 * its own, from the beginning of each topic (so a restarted dashboard rebuilds what it showed), and
 * hands each batch's changes to the {@link UpdateHub}. No consumer group: nothing is committed, every
 * dashboard reads everything.
 *
 * <p>Partials are the exception: only the last {@link #PARTIALS_LOOK_BACK} of them are read, since
 * an older one can no longer be what someone is saying now.
 *
 * <p>It also tells whether Kafka answers: a metadata request every {@link #CHECK_EVERY}; while none
 * comes back the status says Kafka is unreachable, and the view keeps what was read before.
 */
final class TopicReader implements AutoCloseable {

    static final Duration PARTIALS_LOOK_BACK = Duration.ofSeconds(60);
    static final Duration CHECK_EVERY = Duration.ofSeconds(3);
    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(3);
    private static final List<Topics> READ = List.of(Topics.EVENTS, Topics.CAPTIONS_FINAL, Topics.CAPTIONS_PARTIAL, Topics.STATS);

    private final KafkaClientSettings kafka;
    private final DashboardState state;
    private final UpdateHub hub;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, WireFormat<?>> decoders = new HashMap<>();
    private final Thread thread;
    private volatile boolean running = true;

    private final Set<TopicPartition> assigned = new HashSet<>();
    /** Where each history partition ended when it was assigned: the view is caught up once every one is read to there. */
    private final Map<TopicPartition, Long> historyEnds = new HashMap<>();
    private boolean everAssigned;
    private long nextCheckAt;
    private String kafkaState = "connecting";
    private String message = "";
    private long since = System.currentTimeMillis();
    private Views.Status published;

    TopicReader(KafkaClientSettings kafka, DashboardState state, UpdateHub hub) {
        this.kafka = kafka;
        this.state = state;
        this.hub = hub;
        int answerMs = (int) ANSWER_WITHIN.toMillis();
        Map<String, Object> own = new HashMap<>();
        // Should a seek fail half-way, a partition still starts from the beginning, never skips history.
        own.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        own.put(ConsumerConfig.CLIENT_ID_CONFIG, "spacecaps-dashboard");
        own.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, answerMs);
        own.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, answerMs);
        own.put(ConsumerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 2_000L);
        own.put(ConsumerConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 2_000L);
        own.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000L);
        consumer = new KafkaConsumer<>(kafka.committedReaderProperties(own));
        for (Topics topic : READ) {
            decoders.put(topic.topicName(), WireFormat.of(topic.valueType()));
        }
        thread = new Thread(this::run, "spacecaps-dashboard-reader");
        thread.setDaemon(true);
    }

    static Views.Status initialStatus(KafkaClientSettings kafka) {
        return new Views.Status("connecting", kafka.bootstrapServers(), "", System.currentTimeMillis(), false,
                READ.stream().map(Topics::topicName).toList());
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (running) {
                try {
                    readOnce();
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    // Authorisation, a broken record batch...: say so and keep trying, as when Kafka is down.
                    setKafka("unreachable", describe(e));
                    sleep(1_000);
                }
            }
        } catch (WakeupException stopping) {
            // close() woke the consumer.
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void readOnce() {
        if (System.currentTimeMillis() >= nextCheckAt) {
            checkKafka();
        }
        if (assigned.isEmpty()) {
            sleep(200);
            return;
        }
        ConsumerRecords<byte[], byte[]> records = consumer.poll(Duration.ofMillis(200));
        if (!records.isEmpty()) {
            DashboardState.Batch batch = new DashboardState.Batch();
            for (ConsumerRecord<byte[], byte[]> record : records) {
                Object decoded = decode(record);
                if (decoded != null) {
                    state.apply(decoded, record.timestamp(), batch);
                }
            }
            hub.publish(batch);
        }
        if (!historyEnds.isEmpty()) {
            readThroughHistory();
        }
    }

    private static String describe(KafkaException e) {
        return e instanceof org.apache.kafka.common.errors.TimeoutException
                ? "no answer within " + ANSWER_WITHIN.toSeconds() + " s"
                : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    private Object decode(ConsumerRecord<byte[], byte[]> record) {
        try {
            return record.value() == null ? null : decoders.get(record.topic()).decode(record.value());
        } catch (WireFormatException | RuntimeException notOurs) {
            // Only the pipeline writes these topics; a record it did not write has nothing to show.
            return null;
        }
    }

    /** A metadata request: whether Kafka answers, and whether a topic not yet read has appeared. */
    private void checkKafka() {
        nextCheckAt = System.currentTimeMillis() + CHECK_EVERY.toMillis();
        Map<String, List<PartitionInfo>> topics;
        try {
            topics = consumer.listTopics(ANSWER_WITHIN);
        } catch (WakeupException e) {
            throw e;
        } catch (KafkaException e) {
            setKafka("unreachable", describe(e));
            return;
        }
        setKafka("connected", "");
        List<TopicPartition> added = new ArrayList<>();
        for (Topics topic : READ) {
            for (PartitionInfo p : topics.getOrDefault(topic.topicName(), List.of())) {
                TopicPartition partition = new TopicPartition(p.topic(), p.partition());
                if (assigned.add(partition)) {
                    added.add(partition);
                }
            }
        }
        if (!added.isEmpty()) {
            consumer.assign(assigned);
            seekNew(added);
            everAssigned = true;
        }
        publishStatus();
    }

    private void seekNew(List<TopicPartition> added) {
        List<TopicPartition> history = added.stream().filter(p -> !p.topic().equals(Topics.CAPTIONS_PARTIAL.topicName())).toList();
        List<TopicPartition> partials = added.stream().filter(p -> p.topic().equals(Topics.CAPTIONS_PARTIAL.topicName())).toList();
        consumer.seekToBeginning(history);
        if (!history.isEmpty()) {
            historyEnds.putAll(consumer.endOffsets(history, ANSWER_WITHIN));
        }
        if (!partials.isEmpty()) {
            long from = System.currentTimeMillis() - PARTIALS_LOOK_BACK.toMillis();
            Map<TopicPartition, Long> query = new HashMap<>();
            partials.forEach(p -> query.put(p, from));
            Map<TopicPartition, OffsetAndTimestamp> offsets = consumer.offsetsForTimes(query, ANSWER_WITHIN);
            List<TopicPartition> nothingRecent = new ArrayList<>();
            for (TopicPartition p : partials) {
                OffsetAndTimestamp at = offsets.get(p);
                if (at == null) {
                    nothingRecent.add(p);
                } else {
                    consumer.seek(p, at.offset());
                }
            }
            consumer.seekToEnd(nothingRecent);
        }
    }

    private void readThroughHistory() {
        historyEnds.entrySet().removeIf(end -> {
            try {
                return consumer.position(end.getKey(), Duration.ofMillis(100)) >= end.getValue();
            } catch (KafkaException notYet) {
                return false;
            }
        });
        if (historyEnds.isEmpty()) {
            publishStatus();
        }
    }

    private void setKafka(String newState, String newMessage) {
        if (!newState.equals(kafkaState)) {
            since = System.currentTimeMillis();
        }
        kafkaState = newState;
        message = newMessage;
        publishStatus();
    }

    private void publishStatus() {
        Set<String> read = new HashSet<>();
        assigned.forEach(p -> read.add(p.topic()));
        List<String> missing = READ.stream().map(Topics::topicName).filter(t -> !read.contains(t)).toList();
        Views.Status status = new Views.Status(kafkaState, kafka.bootstrapServers(), message, since,
                everAssigned && historyEnds.isEmpty(), missing);
        if (!Objects.equals(status, published)) {
            published = status;
            hub.publish(status);
        }
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        if (!thread.isAlive()) {
            consumer.close(Duration.ZERO);
            return;
        }
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
