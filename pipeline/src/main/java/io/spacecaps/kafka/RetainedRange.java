package io.spacecaps.kafka;

import io.spacecaps.config.SpacecapsConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A bounded stretch of what Kafka retains, for re-running the job over it (a backfill): the audio of
 * some Spaces (all when none is named) between two Kafka timestamps, and the room events those Spaces
 * need. Sources built from it end, so the job can run in Flink's BATCH mode over them.
 *
 * <p>Only committed records count (read_committed), as for the live job. A Space is chosen by the
 * record's key ({@code <spaceId>/<trackId>} for audio, {@code <spaceId>} for events, see {@link Topics}),
 * in the source's deserializer: other Spaces' audio is dropped there, before decoding or recognition.
 * The room events are read from the start of the topic, whatever {@code fromMs}: a Space's start, its
 * roster and the consents given come before the audio that needs them.
 *
 * @param spaces the Space ids to read; empty for every Space
 * @param fromMs the first Kafka timestamp of audio to read, or null for the earliest retained
 * @param toMs   the Kafka timestamp before which reading stops (exclusive), or null for the latest committed
 */
public record RetainedRange(Set<String> spaces, Long fromMs, Long toMs) implements Serializable {

    public RetainedRange {
        spaces = Set.copyOf(new TreeSet<>(spaces));
        if (fromMs != null && toMs != null && toMs <= fromMs) {
            throw new IllegalArgumentException("the range ends (" + toMs + ") before it starts (" + fromMs + ")");
        }
    }

    /** The audio of the chosen Spaces, from {@code fromMs} up to {@code toMs}. */
    public KafkaSource<RawRecord> audioSource(SpacecapsConfig config) {
        return source(config, Topics.AUDIO, fromMs, toMs);
    }

    /** The room events of the chosen Spaces, from the earliest retained up to {@code toMs}. */
    public KafkaSource<RawRecord> eventSource(SpacecapsConfig config) {
        return source(config, Topics.EVENTS, null, toMs);
    }

    /**
     * The whole retained topic, up to its end when the job starts, keeping the records stamped in
     * [{@code from}, {@code to}). Not Kafka's offsets-for-times: a partition's timestamps are not in
     * order across Spaces (a recording replayed as fast as the broker takes it is stamped in the past,
     * after a live Space's later records), and stopping at the first record stamped past the end lost
     * another Space's records before it.
     */
    private KafkaSource<RawRecord> source(SpacecapsConfig config, Topics topic, Long from, Long to) {
        return KafkaSource.<RawRecord>builder()
                .setBootstrapServers(config.bootstrapServers())
                .setProperties(KafkaConnectors.clientProperties(config))
                .setTopics(topic.topicName())
                // A group id only names the reader in the broker's logs: a bounded read commits no offsets.
                .setGroupId(config.consumerGroup() + "-backfill")
                .setProperty("commit.offsets.on.checkpoint", "false")
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(new OfChosenSpaces(spaces, topic == Topics.AUDIO, from, to))
                .setProperty("isolation.level", "read_committed")
                .build();
    }

    /** Passes records of the chosen Spaces on undecoded (every record when none is chosen), telling them by key. */
    static final class OfChosenSpaces implements KafkaRecordDeserializationSchema<RawRecord> {

        private final List<String> spaces;
        private final boolean keyedByTrack;
        private final long fromMs;
        private final long toMs;

        OfChosenSpaces(Set<String> spaces, boolean keyedByTrack, Long fromMs, Long toMs) {
            this.spaces = List.copyOf(spaces);
            this.keyedByTrack = keyedByTrack;
            this.fromMs = fromMs == null ? Long.MIN_VALUE : fromMs;
            this.toMs = toMs == null ? Long.MAX_VALUE : toMs;
        }

        OfChosenSpaces(Set<String> spaces, boolean keyedByTrack) {
            this(spaces, keyedByTrack, null, null);
        }

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
            if (record.timestamp() < fromMs || record.timestamp() >= toMs) {
                return;
            }
            if (spaces.isEmpty() || record.key() != null && chosen(new String(record.key(), StandardCharsets.UTF_8))) {
                out.collect(new RawRecord(record.topic(), record.partition(), record.offset(), record.timestamp(),
                        record.key(), record.value()));
            }
        }

        boolean chosen(String key) {
            for (String space : spaces) {
                if (keyedByTrack ? key.startsWith(space + "/") : key.equals(space)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public TypeInformation<RawRecord> getProducedType() {
            return TypeInformation.of(RawRecord.class);
        }
    }
}
