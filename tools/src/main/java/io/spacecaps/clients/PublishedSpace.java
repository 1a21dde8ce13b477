package io.spacecaps.clients;

import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import io.spacecaps.schema.wire.WireFormat;
import io.spacecaps.schema.wire.WireFormatException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * What of a Space a cluster already holds: its start and end on {@code spaces.events}, the events
 * sent so far, and each track's highest chunk sequence on {@code spaces.audio}. {@code replay} reads it
 * first, so that publishing a Space again sends only what is missing: a replay that stopped half-way
 * goes on where it stopped, and one that finished publishes nothing (the job would otherwise hear, or
 * dead-letter, the same audio twice).
 *
 * <p>Events are keyed by Space id, so only the partition of that key is read, all of it. Audio is read
 * from the Space's start on (the records' timestamps are capture times), in the partitions its tracks'
 * keys land in, only keys and the few header bytes of each chunk being used.
 */
public final class PublishedSpace {

    /** Nothing of it on the cluster. */
    public static final PublishedSpace NOTHING = new PublishedSpace(Optional.empty(), Optional.empty(), Set.of(), Map.of());

    private final Optional<Instant> started;
    private final Optional<Instant> ended;
    private final Set<String> events;
    private final Map<String, Long> lastSequenceByTrack;

    private PublishedSpace(Optional<Instant> started, Optional<Instant> ended, Set<String> events, Map<String, Long> lastSequenceByTrack) {
        this.started = started;
        this.ended = ended;
        this.events = events;
        this.lastSequenceByTrack = lastSequenceByTrack;
    }

    public Optional<Instant> started() {
        return started;
    }

    public Optional<Instant> ended() {
        return ended;
    }

    /** Whether this event (same type, participant and time) is already on {@code spaces.events}. */
    public boolean has(SpaceEvent event) {
        return events.contains(identity(event));
    }

    /** The highest sequence of the track's chunks on {@code spaces.audio}; -1 when none. */
    public long lastSequence(String trackId) {
        return lastSequenceByTrack.getOrDefault(trackId, -1L);
    }

    public int eventCount() {
        return events.size();
    }

    public long chunkCount() {
        return lastSequenceByTrack.values().stream().mapToLong(s -> s + 1).sum();
    }

    /**
     * Reads what the cluster holds of {@code spaceId}, up to what is there now.
     *
     * @param trackIds the tracks to look for on {@code spaces.audio}
     * @throws TimeoutException when the topics could not be read through within {@code timeout}
     */
    public static PublishedSpace read(KafkaClientSettings kafka, String spaceId, List<String> trackIds, Duration timeout)
            throws TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.clientProperties(Map.of(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)))) {
            WireFormat<SpaceEvent> eventWire = WireFormat.of(SpaceEvent.class);
            byte[] spaceKey = spaceId.getBytes(StandardCharsets.UTF_8);
            Optional<TopicPartition> eventPartition = partitionOf(consumer, Topics.EVENTS, spaceKey, timeout);
            if (eventPartition.isEmpty()) {
                return NOTHING;
            }
            Set<String> events = new HashSet<>();
            Instant[] startEnd = new Instant[2];
            readThrough(consumer, Map.of(eventPartition.get(), 0L), deadline, record -> {
                if (!Arrays.equals(record.key(), spaceKey)) {
                    return;
                }
                try {
                    SpaceEvent event = eventWire.decode(record.value());
                    if (!spaceId.equals(event.getSpaceId())) {
                        return;
                    }
                    events.add(identity(event));
                    if (event.getType() == SpaceEventType.SPACE_STARTED && startEnd[0] == null) {
                        startEnd[0] = event.getTime();
                    } else if (event.getType() == SpaceEventType.SPACE_ENDED) {
                        startEnd[1] = event.getTime();
                    }
                } catch (WireFormatException notAnEvent) {
                    // The job dead-letters it; it says nothing about this Space.
                }
            });
            if (startEnd[0] == null) {
                return new PublishedSpace(Optional.empty(), Optional.ofNullable(startEnd[1]), events, Map.of());
            }

            // The tracks' audio, from the Space's start on.
            Map<String, String> trackByKey = new HashMap<>();
            Map<TopicPartition, Long> from = new HashMap<>();
            for (String track : trackIds) {
                String key = Topics.audioKey(spaceId, track);
                trackByKey.put(key, track);
                partitionOf(consumer, Topics.AUDIO, key.getBytes(StandardCharsets.UTF_8), timeout).ifPresent(p -> from.put(p, 0L));
            }
            Map<TopicPartition, Long> query = new HashMap<>();
            from.keySet().forEach(p -> query.put(p, startEnd[0].toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> atStart = consumer.offsetsForTimes(query, remaining(deadline));
            Map<TopicPartition, Long> end = consumer.endOffsets(from.keySet(), remaining(deadline));
            from.replaceAll((p, zero) -> atStart.get(p) == null ? end.get(p) : atStart.get(p).offset());
            WireFormat<AudioChunk> chunkWire = WireFormat.of(AudioChunk.class);
            Map<String, Long> last = new HashMap<>();
            readThrough(consumer, from, deadline, record -> {
                String track = record.key() == null ? null : trackByKey.get(new String(record.key(), StandardCharsets.UTF_8));
                if (track == null) {
                    return;
                }
                try {
                    last.merge(track, chunkWire.decode(record.value()).getSequence(), Math::max);
                } catch (WireFormatException notAChunk) {
                    // Dead-lettered by the job: not a chunk of this track.
                }
            });
            return new PublishedSpace(Optional.of(startEnd[0]), Optional.ofNullable(startEnd[1]), events, last);
        }
    }

    private static String identity(SpaceEvent event) {
        return event.getType() + "|" + event.getParticipantId() + "|" + event.getTime().toEpochMilli();
    }

    /** The partition the producer's default partitioner puts {@code key} in; empty when the topic has none. */
    private static Optional<TopicPartition> partitionOf(KafkaConsumer<?, ?> consumer, Topics topic, byte[] key, Duration timeout) {
        List<PartitionInfo> partitions = consumer.partitionsFor(topic.topicName(), timeout);
        if (partitions == null || partitions.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TopicPartition(topic.topicName(), Utils.toPositive(Utils.murmur2(key)) % partitions.size()));
    }

    private static void readThrough(KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> from, long deadline,
                                    java.util.function.Consumer<ConsumerRecord<byte[], byte[]>> each) throws TimeoutException {
        if (from.isEmpty()) {
            return;
        }
        consumer.assign(from.keySet());
        from.forEach(consumer::seek);
        Map<TopicPartition, Long> end = consumer.endOffsets(from.keySet(), remaining(deadline));
        while (from.keySet().stream().anyMatch(p -> consumer.position(p, remaining(deadline)) < end.get(p))) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("could not read " + from.keySet() + " through in time");
            }
            consumer.poll(Duration.ofMillis(200)).forEach(each);
        }
    }

    private static Duration remaining(long deadline) {
        return Duration.ofNanos(Math.max(1_000_000L, deadline - System.nanoTime()));
    }
}
