package io.spacecaps.stats;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import io.spacecaps.schema.SpaceStats;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.spaces.SpaceLifetime;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;

/**
 * A Space's statistics for dashboards (keyed by Space id): who spoke how much, how fast, how often they
 * took the floor or talked over someone, the Space's silence and overlap, its keywords, and the
 * pipeline's own service levels ({@link SpaceTally}). Written on a steady cadence of the Space's own
 * time, {@code stats-interval-ms}, as the room's progress (the watermark) passes each step, and once
 * more as the summary when the Space has ended: when the room has been heard two seconds past its
 * end, or, if after the end event the room's progress stands still and no caption of the Space
 * comes for ten seconds of wall-clock time (the producers stopped with it), then. A final that
 * still comes after the summary corrects it (another summary; consumers show the newest).
 */
public class SpaceStatistics extends KeyedCoProcessFunction<String, TranscriptEvent, RoomSignal, SpaceStats> {

    /** How far past its end the room must have been heard before a Space's summary is written. */
    static final long END_GRACE_MS = 2_000;
    /** How long the room's progress must stand still after the end for the summary to be written anyway. */
    static final long SUMMARY_WAIT_MS = 10_000;

    private final long intervalMs;
    private final long idleSpaceTimeoutMs;

    private transient ValueState<SpaceTally> tally;
    private transient ValueState<Long> nextStep;
    private transient ValueState<Long> endedAt;
    private transient ValueState<Long> summaryTimer;
    private transient ValueState<Long> watermarkAtWait;
    private transient ValueState<Boolean> captionSinceWait;
    private transient ValueState<Boolean> summarized;
    private transient SpaceLifetime lifetime;

    public SpaceStatistics(SpacecapsConfig config) {
        this.intervalMs = config.statsIntervalMs();
        this.idleSpaceTimeoutMs = config.idleSpaceTimeoutMs();
    }

    @Override
    public void open(OpenContext openContext) {
        tally = getRuntimeContext().getState(new ValueStateDescriptor<>("tally", TypeInformation.of(SpaceTally.class)));
        nextStep = getRuntimeContext().getState(new ValueStateDescriptor<>("next-step", Types.LONG));
        endedAt = getRuntimeContext().getState(new ValueStateDescriptor<>("ended-at", Types.LONG));
        summaryTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("summary-timer", Types.LONG));
        watermarkAtWait = getRuntimeContext().getState(new ValueStateDescriptor<>("watermark-at-wait", Types.LONG));
        captionSinceWait = getRuntimeContext().getState(new ValueStateDescriptor<>("caption-since-wait", Types.BOOLEAN));
        summarized = getRuntimeContext().getState(new ValueStateDescriptor<>("summarized", Types.BOOLEAN));
        lifetime = new SpaceLifetime(getRuntimeContext(), idleSpaceTimeoutMs);
    }

    @Override
    public void processElement1(TranscriptEvent caption, Context ctx, Collector<SpaceStats> out) throws Exception {
        lifetime.heard(ctx.timerService());
        if (caption.getRevisionReason() != null) {
            // The figures describe what the room was shown, as it was shown.
            return;
        }
        if (summaryTimer.value() != null) {
            captionSinceWait.update(true);
        }
        SpaceTally t = current();
        long now = ctx.timerService().currentProcessingTime();
        if (caption.getKind() == TranscriptKind.FINAL) {
            t.onFinal(caption, now);
        } else {
            t.onPartial(caption, now);
        }
        tally.update(t);
        if (Boolean.TRUE.equals(summarized.value()) && caption.getKind() == TranscriptKind.FINAL) {
            out.collect(summary(ctx, t));
            return;
        }
        scheduleStep(ctx, caption.getLastAudioCaptureTime().toEpochMilli(), t);
    }

    @Override
    public void processElement2(RoomSignal signal, Context ctx, Collector<SpaceStats> out) throws Exception {
        lifetime.heard(ctx.timerService());
        SpaceTally t = current();
        if (signal.deadLetterReason != null) {
            t.onDeadLetter(signal.deadLetterReason);
        } else {
            SpaceEvent event = signal.event;
            if (event.getType() == SpaceEventType.SPACE_STARTED) {
                t.onStart(event.getTime().toEpochMilli(), event.getTitle());
                // The cadence runs from the start, captions or not: a silent room shows as silence.
                scheduleStep(ctx, t.spaceStartMs, t);
            } else if (event.getType() == SpaceEventType.SPACE_ENDED && endedAt.value() == null) {
                long end = event.getTime().toEpochMilli();
                endedAt.update(end);
                ctx.timerService().registerEventTimeTimer(end + END_GRACE_MS);
                awaitStall(ctx);
                lifetime.ended(ctx.timerService());
            }
        }
        tally.update(t);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SpaceStats> out) throws Exception {
        SpaceTally t = tally.value();
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            Long step = nextStep.value();
            Long end = endedAt.value();
            if (step != null && step == timestamp && t != null && !Boolean.TRUE.equals(summarized.value())) {
                nextStep.clear();
                step(ctx, t, timestamp, end, out);
            }
            if (end != null && timestamp == end + END_GRACE_MS && t != null && !Boolean.TRUE.equals(summarized.value())) {
                out.collect(summary(ctx, t));
            }
            return;
        }
        Long wait = summaryTimer.value();
        if (wait != null && wait == timestamp) {
            summaryTimer.clear();
            Long seen = watermarkAtWait.value();
            if (seen != null && ctx.timerService().currentWatermark() > seen || Boolean.TRUE.equals(captionSinceWait.value())) {
                // The room is still moving, or its captions still coming (recognition catching up on a
                // backlog, say): its progress will bring the summary.
                awaitStall(ctx);
            } else if (t != null && !Boolean.TRUE.equals(summarized.value())) {
                out.collect(summary(ctx, t));
            }
        }
        if (lifetime.isDue(timestamp, ctx.timerService())) {
            Long step = nextStep.value();
            if (step != null) {
                ctx.timerService().deleteEventTimeTimer(step);
            }
            Long end = endedAt.value();
            if (end != null) {
                ctx.timerService().deleteEventTimeTimer(end + END_GRACE_MS);
            }
            Long pendingWait = summaryTimer.value();
            if (pendingWait != null) {
                ctx.timerService().deleteProcessingTimeTimer(pendingWait);
            }
            tally.clear();
            nextStep.clear();
            endedAt.clear();
            summaryTimer.clear();
            watermarkAtWait.clear();
            captionSinceWait.clear();
            summarized.clear();
        }
    }

    /** Checks again after SUMMARY_WAIT_MS of wall-clock time whether the room's progress has stood still since now. */
    private void awaitStall(Context ctx) throws Exception {
        long wait = ctx.timerService().currentProcessingTime() + SUMMARY_WAIT_MS;
        ctx.timerService().registerProcessingTimeTimer(wait);
        summaryTimer.update(wait);
        watermarkAtWait.update(ctx.timerService().currentWatermark());
        captionSinceWait.clear();
    }

    private SpaceStats summary(Context ctx, SpaceTally t) throws Exception {
        summarized.update(true);
        Long end = endedAt.value();
        long upTo = end != null ? Math.max(end - t.spaceStartMs, t.heardUpToMs) : t.heardUpToMs;
        SpaceStats stats = t.snapshot(ctx.getCurrentKey(), upTo, ctx.timerService().currentProcessingTime(), true);
        tally.update(t);
        return stats;
    }

    /**
     * The room has passed a step of the cadence. When it jumped several steps at once (a backlog, a
     * replay faster than real time), one snapshot stands for the latest of them; at the end of all
     * input (the watermark at its maximum) the one that fired does. Steps stop at the Space's end:
     * the summary takes over.
     */
    private void step(OnTimerContext ctx, SpaceTally t, long fired, Long end, Collector<SpaceStats> out) throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        long step = watermark == Long.MAX_VALUE ? fired : Math.max(fired, stepAtOrBefore(watermark, t.spaceStartMs));
        if (end != null && step >= end) {
            return;
        }
        out.collect(t.snapshot(ctx.getCurrentKey(), step - t.spaceStartMs, ctx.timerService().currentProcessingTime(), false));
        tally.update(t);
        long next = step + intervalMs;
        if (watermark != Long.MAX_VALUE && (end == null || next < end)) {
            ctx.timerService().registerEventTimeTimer(next);
            nextStep.update(next);
        }
    }

    private long stepAtOrBefore(long time, long spaceStartMs) {
        return spaceStartMs + Math.max(0, time - spaceStartMs) / intervalMs * intervalMs;
    }

    /** One event-time timer: the next step of the cadence after the given time. */
    private void scheduleStep(Context ctx, long captionTimeMs, SpaceTally t) throws Exception {
        if (nextStep.value() != null || t.spaceStartMs == 0 || Boolean.TRUE.equals(summarized.value())
                || endedAt.value() != null) {
            return;
        }
        long sinceStart = Math.max(0, captionTimeMs - t.spaceStartMs);
        long step = t.spaceStartMs + (sinceStart / intervalMs + 1) * intervalMs;
        ctx.timerService().registerEventTimeTimer(step);
        nextStep.update(step);
    }

    private SpaceTally current() throws Exception {
        SpaceTally t = tally.value();
        return t != null ? t : new SpaceTally();
    }
}
