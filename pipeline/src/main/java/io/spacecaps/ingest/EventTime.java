package io.spacecaps.ingest;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.kafka.RawRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * The job's one notion of progress: <b>the room has been heard up to t</b> when every Kafka
 * partition of both inputs, audio and room events, has delivered its records up to t (the Flink
 * watermark, min over the partitions, each a bounded {@code max-out-of-orderness-ms} behind its
 * newest record). Event time is the Kafka record timestamp, which producers set to the capture time
 * of a chunk's first sample and to the time of a room event ({@code replay} does).
 *
 * <p>Every hold and every "late" in the job is decided on it: a chunk ahead of a missing one waits
 * until the room is {@code reorder-wait-ms} past it; audio waits for its Space's start until the room
 * is {@code unknown-space-wait-ms} past it; a final waits for the roster and speaking indicators until
 * the room is past it. Wall-clock timeouts only release resources (a quiet track, a quiet Space, a
 * hold that has lasted {@code max-hold-ms}). A partition with no records for {@code source-idle-ms}
 * stops holding the others back, so a quiet events topic does not stall captions.
 *
 * <p>The same job runs in Flink's BATCH mode for a backfill. There no watermark moves while a key is
 * read (every timer fires at the key's end, with the watermark at its maximum), and each keyed
 * operator reads its input sorted by key and then by the records' Flink timestamps, not in the order
 * the operator before it wrote them. So an operator that passes on a record later than it came, from
 * a timer or after a wait, stamps it with its own event time ({@link #emitAt}): a record would
 * otherwise carry the timer's time (or none, from a wall-clock timer) and be read out of order.
 */
public final class EventTime {

    private EventTime() {
    }

    /**
     * Watermarks per Kafka partition, at the source, from the records' timestamps, never further
     * ahead than {@code max-clock-skew-ms} past the job's clock: one record from a producer whose clock
     * is days ahead would otherwise carry its partition's progress, and every hold on it, days ahead
     * (the record itself becomes a {@code FUTURE_TIME} dead letter, {@link #isFuture}).
     */
    public static WatermarkStrategy<RawRecord> forSource(SpacecapsConfig config) {
        long maxClockSkewMs = config.maxClockSkewMs();
        return WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(Duration.ofMillis(config.maxOutOfOrdernessMs()))
                .withTimestampAssigner((record, kafkaTimestamp) -> Math.min(record.timestamp, System.currentTimeMillis() + maxClockSkewMs))
                .withIdleness(Duration.ofMillis(config.sourceIdleMs()));
    }

    /**
     * Whether a producer's time lies more than {@code maxClockSkewMs} ahead of this machine's clock.
     * The machine's clock, not Flink's processing time: that is what a test harness moves, and it is
     * this clock that the producer's is judged against.
     */
    public static boolean isFuture(long timeMs, long maxClockSkewMs) {
        return timeMs > System.currentTimeMillis() + maxClockSkewMs;
    }

    /**
     * Emits {@code record} with the Flink timestamp {@code eventTime} (what the next keyed operator
     * sorts by in BATCH mode), and leaves the collector's timestamp at it for what follows. Every
     * process function's collector is a {@link TimestampedCollector}; another (a test's) is given the
     * record as it is.
     */
    public static <T> void emitAt(Collector<T> out, T record, long eventTime) {
        if (out instanceof TimestampedCollector<T> stamped) {
            stamped.setAbsoluteTimestamp(eventTime);
        }
        out.collect(record);
    }
}
