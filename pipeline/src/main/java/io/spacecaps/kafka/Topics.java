package io.spacecaps.kafka;

import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceStats;
import io.spacecaps.schema.TranscriptEvent;
import org.apache.avro.specific.SpecificRecord;

import java.util.List;

/**
 * Every Kafka topic of the pipeline, with its key, its value type and the partitions the embedded
 * broker creates it with. All values are Avro single-object encoded (see WireFormat).
 */
public enum Topics {
    /** Audio from the rooms. Key {@code <spaceId>/<trackId>}: one track stays in one partition, in order. */
    AUDIO("spaces.audio", AudioChunk.class, 4),
    /** Room events: roster, roles, names, speaking indicators, start and end. Key spaceId. */
    EVENTS("spaces.events", SpaceEvent.class, 2),
    /** Low-latency captions of what is being said now; superseded by the final. Key spaceId. */
    CAPTIONS_PARTIAL("captions.partial", TranscriptEvent.class, 4),
    /** Settled captions with word timings: the transcript of record. Key spaceId. */
    CAPTIONS_FINAL("captions.final", TranscriptEvent.class, 4),
    /** Input records the pipeline could not use, with the reason. Key = the original key. */
    DEAD_LETTER("spaces.deadletter", DeadLetter.class, 1),
    /** Per-Space figures for dashboards, every few seconds of Space time and a summary at the end. Key spaceId. */
    STATS("spaces.stats", SpaceStats.class, 4);

    private final String topicName;
    private final Class<? extends SpecificRecord> valueType;
    private final int partitions;

    Topics(String topicName, Class<? extends SpecificRecord> valueType, int partitions) {
        this.topicName = topicName;
        this.valueType = valueType;
        this.partitions = partitions;
    }

    public String topicName() {
        return topicName;
    }

    public Class<? extends SpecificRecord> valueType() {
        return valueType;
    }

    public int partitions() {
        return partitions;
    }

    public static List<Topics> all() {
        return List.of(values());
    }

    /** The Kafka key of an audio chunk. */
    public static String audioKey(String spaceId, String trackId) {
        return spaceId + "/" + trackId;
    }
}
