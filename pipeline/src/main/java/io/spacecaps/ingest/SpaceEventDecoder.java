package io.spacecaps.ingest;

import io.spacecaps.kafka.RawRecord;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.wire.WireFormat;
import io.spacecaps.schema.wire.WireFormatException;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/** Decodes room events; undecodable ones, events without a Space and events dated ahead of the job's clock become dead letters. */
public class SpaceEventDecoder extends ProcessFunction<RawRecord, SpaceEvent> {

    private final int maxRecordBytes;
    private final long maxClockSkewMs;
    private transient WireFormat<SpaceEvent> wire;
    private transient DeadLetters deadLetters;

    public SpaceEventDecoder(int maxRecordBytes, long maxClockSkewMs) {
        this.maxRecordBytes = maxRecordBytes;
        this.maxClockSkewMs = maxClockSkewMs;
    }

    @Override
    public void open(OpenContext openContext) {
        wire = WireFormat.of(SpaceEvent.class);
        deadLetters = new DeadLetters(getRuntimeContext().getMetricGroup(), 64 * 1024);
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<SpaceEvent> out) {
        DeadLetter oversized = deadLetters.ifOversized(raw, maxRecordBytes);
        if (oversized != null) {
            ctx.output(DeadLetters.TAG, oversized);
            return;
        }
        try {
            SpaceEvent event = wire.decode(raw.value);
            if (event.getSpaceId() == null || event.getSpaceId().isBlank()) {
                ctx.output(DeadLetters.TAG, deadLetters.of(raw, DeadLetterReason.MISSING_ID, "event has no Space id", null, null));
                return;
            }
            long eventMs = event.getTime() == null ? raw.timestamp : event.getTime().toEpochMilli();
            if (EventTime.isFuture(Math.max(eventMs, raw.timestamp), maxClockSkewMs)) {
                // A start dated days ahead would place the Space's timeline there, and its audio before it.
                ctx.output(DeadLetters.TAG, deadLetters.of(raw, DeadLetterReason.FUTURE_TIME, event.getType() + " at "
                        + java.time.Instant.ofEpochMilli(eventMs) + " (record timestamp " + java.time.Instant.ofEpochMilli(raw.timestamp)
                        + ") is more than " + maxClockSkewMs + " ms ahead of the job's clock", event.getSpaceId(), null));
                return;
            }
            out.collect(event);
        } catch (WireFormatException e) {
            ctx.output(DeadLetters.TAG, deadLetters.of(raw, DeadLetters.reasonFor(e), "cannot decode SpaceEvent: " + e.getMessage(), null, null));
        }
    }
}
