package io.spacecaps.ingest;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.kafka.RawRecord;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

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
 */
public final class EventTime {

    private EventTime() {
    }

    /** Watermarks per Kafka partition, at the source, from the records' timestamps. */
    public static WatermarkStrategy<RawRecord> forSource(SpacecapsConfig config) {
        return WatermarkStrategy.<RawRecord>forBoundedOutOfOrderness(Duration.ofMillis(config.maxOutOfOrdernessMs()))
                .withTimestampAssigner((record, kafkaTimestamp) -> record.timestamp)
                .withIdleness(Duration.ofMillis(config.sourceIdleMs()));
    }
}
