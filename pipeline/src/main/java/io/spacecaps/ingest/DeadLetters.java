package io.spacecaps.ingest;

import io.spacecaps.kafka.RawRecord;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.schema.wire.WireFormat;
import io.spacecaps.schema.wire.WireFormatException;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.util.OutputTag;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * Turns rejected input into {@link DeadLetter} records and counts them by reason
 * (metric group {@code deadletters}, one counter per {@link DeadLetterReason}).
 */
public final class DeadLetters {

    /** The side output every decoding operator sends its dead letters to. */
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters") {
    };

    private final int maxPayloadBytes;
    private final Map<DeadLetterReason, Counter> counters = new EnumMap<>(DeadLetterReason.class);
    private final MetricGroup group;

    /**
     * @param metrics         where the counters live; null in plain unit tests
     * @param maxPayloadBytes how much of an oversized record is kept: enough to look at, not enough to
     *                        make the dead-letter topic the next oversized record
     */
    public DeadLetters(MetricGroup metrics, int maxPayloadBytes) {
        this.group = metrics == null ? null : metrics.addGroup("deadletters");
        this.maxPayloadBytes = maxPayloadBytes;
    }

    public DeadLetter of(RawRecord raw, DeadLetterReason reason, String message, String spaceId, String trackId) {
        if (group != null) {
            counters.computeIfAbsent(reason, r -> group.counter(r.name())).inc();
        }
        byte[] value = raw.value;
        if (value != null && value.length > maxPayloadBytes) {
            value = java.util.Arrays.copyOf(value, maxPayloadBytes);
        }
        return DeadLetter.newBuilder()
                .setSourceTopic(raw.topic == null ? "" : raw.topic)
                .setSourcePartition(raw.partition)
                .setSourceOffset(raw.offset)
                .setKey(raw.key == null ? null : ByteBuffer.wrap(raw.key))
                .setPayload(value == null ? null : ByteBuffer.wrap(value))
                .setReason(reason.name())
                .setMessage(message + " (" + raw.coordinates() + ")")
                .setSpaceId(spaceId)
                .setTrackId(trackId)
                .setFailedAt(Instant.now())
                .build();
    }

    /**
     * The dead letter for a chunk a stage after decoding rejects: the chunk as it was decoded, under
     * the coordinates of the record it came from.
     */
    public DeadLetter ofChunk(TrackChunk rejected, WireFormat<AudioChunk> wire, DeadLetterReason reason, String message) {
        AudioChunk chunk = rejected.chunk;
        RawRecord source = new RawRecord(rejected.sourceTopic, rejected.sourcePartition, rejected.sourceOffset, 0L,
                Topics.audioKey(chunk.getSpaceId(), chunk.getTrackId()).getBytes(StandardCharsets.UTF_8), wire.encode(chunk));
        return of(source, reason, message, chunk.getSpaceId(), chunk.getTrackId());
    }

    /**
     * The dead letter for a record over {@code maxRecordBytes}, or null when it is within the limit:
     * checked before decoding, so that an absurd record costs no more than its length.
     */
    public DeadLetter ifOversized(RawRecord raw, int maxRecordBytes) {
        if (raw.value == null || raw.value.length <= maxRecordBytes) {
            return null;
        }
        return of(raw, DeadLetterReason.OVERSIZED_RECORD,
                "record of " + raw.value.length + " bytes is over the " + maxRecordBytes + "-byte limit", null, null);
    }

    public static DeadLetterReason reasonFor(WireFormatException e) {
        return switch (e.reason()) {
            case EMPTY -> DeadLetterReason.EMPTY_RECORD;
            case NOT_SINGLE_OBJECT -> DeadLetterReason.NOT_AVRO;
            case UNKNOWN_SCHEMA -> DeadLetterReason.UNKNOWN_SCHEMA;
            case MALFORMED -> DeadLetterReason.MALFORMED_AVRO;
        };
    }
}
