package io.spacecaps.ingest;

import io.spacecaps.kafka.RawRecord;
import io.spacecaps.schema.AudioChunk;

/**
 * An audio chunk on its way through its track's stages: the chunk, where it was read from (so that a
 * later stage that rejects it can say so), and, once the sequencer has put it in order, how much audio
 * went missing just before it (chunks that never came), which the recogniser hears as silence.
 * A Flink POJO.
 */
public class TrackChunk {
    public AudioChunk chunk;
    /** Source topic, partition and offset of the record the chunk was decoded from. */
    public String sourceTopic;
    public int sourcePartition;
    public long sourceOffset;
    /** The record's event time (its Kafka timestamp): what the room's progress is measured against. */
    public long eventTime;
    /** Milliseconds of missing audio before this chunk; 0 when the track is whole. */
    public long gapMs;

    public TrackChunk() {
    }

    public TrackChunk(AudioChunk chunk, RawRecord source) {
        this.chunk = chunk;
        this.sourceTopic = source.topic;
        this.sourcePartition = source.partition;
        this.sourceOffset = source.offset;
        this.eventTime = source.timestamp;
    }

    /** The same chunk, to be heard after {@code gapMs} of missing audio. */
    public TrackChunk afterGap(long gapMs) {
        TrackChunk next = new TrackChunk();
        next.chunk = chunk;
        next.sourceTopic = sourceTopic;
        next.sourcePartition = sourcePartition;
        next.sourceOffset = sourceOffset;
        next.eventTime = eventTime;
        next.gapMs = gapMs;
        return next;
    }

    /** The Kafka key of the chunk's track, and the key of every track-keyed stage. */
    public String trackKey() {
        return io.spacecaps.kafka.Topics.audioKey(chunk.getSpaceId(), chunk.getTrackId());
    }

    /** Milliseconds of audio in the chunk (16-bit samples). */
    public long durationMs() {
        return chunk.getPayload().remaining() / 2L * 1000L / chunk.getSampleRate();
    }
}
