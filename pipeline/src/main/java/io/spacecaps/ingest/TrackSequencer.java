package io.spacecaps.ingest;

import io.spacecaps.config.RunMode;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.wire.WireFormat;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts each track's chunks back in sequence order (keyed by {@code <spaceId>/<trackId>}). Producers
 * retry, and several producers may feed one Space, so chunks arrive late, twice or out of order:
 * <ul>
 *   <li>a chunk ahead of the next expected one waits until the room has been heard
 *       {@code reorder-wait-ms} past it ({@link EventTime}), or until {@code max-waiting-chunks}
 *       wait;</li>
 *   <li>a duplicate (a sequence number already passed on or waiting) is dropped and counted;</li>
 *   <li>when the wait is over, the missing range becomes silence of the length the capture times say
 *       (at most {@code max-gap-fill-ms}), passed on as {@link TrackChunk#gapMs} so that captions keep
 *       true times and mark the gap;</li>
 *   <li>a chunk that arrives after its place was filled with silence, or after its track ended, goes
 *       to the dead letters.</li>
 * </ul>
 * A producer that reconnects numbers its track from 0 again: a chunk 0 whose audio begins at or after
 * the end of everything the track has passed starts a new epoch of the track (metric
 * {@code trackRestarts}), heard after a gap as any missing audio is; a chunk 0 with earlier audio is
 * a duplicate. A track's state is released {@code ended-track-retention-ms} after its end, or, when no end comes
 * (a producer that crashed), once it has been quiet for {@code idle-track-timeout-ms}: what still
 * waits is passed on first, after its gaps.
 *
 * <p>The sequencer also places each new track on a recogniser subtask ({@link TrackPlacement}): every
 * chunk it passes carries the track's route, the key the recogniser stages are keyed by. The route is
 * kept past the track's release, as long as the recogniser keeps the track's utterance numbering
 * ({@code idle-space-timeout-ms}), so that a producer that comes back finds its numbering again.
 */
public class TrackSequencer extends KeyedProcessFunction<String, TrackChunk, TrackChunk> {

    /** How many filled ranges are remembered to tell a late chunk from a duplicate. */
    private static final int FILLED_RANGES_KEPT = 16;

    private final long reorderWaitMs;
    private final long maxGapFillMs;
    private final int maxWaitingChunks;
    private final long endedTrackRetentionMs;
    private final long idleTrackTimeoutMs;
    private final long routeRetentionMs;

    private transient ValueState<Long> nextSequence;
    /** Capture time, in microseconds, at which the next chunk's first sample is due. */
    private transient ValueState<Long> expectedCaptureMicros;
    private transient MapState<Long, TrackChunk> waiting;
    private transient ValueState<Integer> waitingCount;
    /** The event-time timer that ends the wait of the lowest waiting chunk. */
    private transient ValueState<Long> gapTimer;
    private transient ValueState<Long> endSequence;
    /** Sequence ranges [from, to) that were filled with silence, newest last. */
    private transient ValueState<List<Long>> filledRanges;
    /** Wall-clock time of the track's last chunk, and the timer that releases the track. */
    private transient ValueState<Long> lastActivity;
    private transient ValueState<Long> releaseTimer;
    /** The track's route (see {@link TrackPlacement}); outlives the rest of the track's state. */
    private transient ValueState<String> route;
    private transient TrackPlacement placement;
    /** How many recogniser subtasks tracks are placed over in BATCH mode (the job's parallelism). */
    private final int recognizers;
    private transient boolean batch;
    private transient DeadLetters deadLetters;
    private transient WireFormat<AudioChunk> wire;
    private transient Counter duplicates;
    private transient Counter gapsFilled;
    /** Tracks whose producer started numbering again at 0 (reconnected). */
    private transient Counter restarts;

    public TrackSequencer(SpacecapsConfig config) {
        this.reorderWaitMs = config.reorderWaitMs();
        this.maxGapFillMs = config.maxGapFillMs();
        this.maxWaitingChunks = config.maxWaitingChunks();
        this.endedTrackRetentionMs = config.endedTrackRetentionMs();
        this.idleTrackTimeoutMs = config.idleTrackTimeoutMs();
        // The recogniser keeps a released track's numbering idle-space-timeout-ms from its release,
        // which comes at most this long after the track's last chunk.
        this.routeRetentionMs = config.idleSpaceTimeoutMs() + Math.max(idleTrackTimeoutMs, endedTrackRetentionMs);
        this.recognizers = config.parallelism();
    }

    @Override
    public void open(OpenContext openContext) {
        nextSequence = getRuntimeContext().getState(new ValueStateDescriptor<>("next-sequence", Types.LONG));
        expectedCaptureMicros = getRuntimeContext().getState(new ValueStateDescriptor<>("expected-capture-us", Types.LONG));
        waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>("waiting", Types.LONG, TypeInformation.of(TrackChunk.class)));
        waitingCount = getRuntimeContext().getState(new ValueStateDescriptor<>("waiting-count", Types.INT));
        gapTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("gap-timer", Types.LONG));
        endSequence = getRuntimeContext().getState(new ValueStateDescriptor<>("end-sequence", Types.LONG));
        filledRanges = getRuntimeContext().getState(new ValueStateDescriptor<>("filled-ranges", Types.LIST(Types.LONG)));
        lastActivity = getRuntimeContext().getState(new ValueStateDescriptor<>("last-activity", Types.LONG));
        releaseTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("release-timer", Types.LONG));
        ValueStateDescriptor<String> routeState = new ValueStateDescriptor<>("route", Types.STRING);
        routeState.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofMillis(routeRetentionMs))
                .setUpdateType(StateTtlConfig.UpdateType.OnReadAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired).build());
        route = getRuntimeContext().getState(routeState);
        var task = getRuntimeContext().getTaskInfo();
        // BATCH mode orders each key to its end before the next: tracks come one at a time, all to one
        // sequencer subtask (SpacecapsJob), which deals each to the recogniser with the least work so
        // far. Live, each subtask places its own tracks over as many recognisers as there are sequencers.
        batch = RunMode.isBatch(getRuntimeContext());
        placement = new TrackPlacement(batch ? recognizers : task.getNumberOfParallelSubtasks(),
                task.getMaxNumberOfParallelSubtasks(), task.getIndexOfThisSubtask(), batch);
        deadLetters = new DeadLetters(getRuntimeContext().getMetricGroup(), 64 * 1024);
        wire = WireFormat.of(AudioChunk.class);
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateChunks");
        gapsFilled = getRuntimeContext().getMetricGroup().counter("gapsFilled");
        restarts = getRuntimeContext().getMetricGroup().counter("trackRestarts");
    }

    @Override
    public void processElement(TrackChunk chunk, Context ctx, Collector<TrackChunk> out) throws Exception {
        long seq = chunk.chunk.getSequence();
        if (seq == 0 && startsAfterAllPassed(chunk)) {
            // A producer that reconnected numbers its track from 0 again, with audio later than all
            // the track has passed: a new epoch of the track, not a duplicate of its first chunk.
            restartEpoch(chunk, ctx, out);
            return;
        }
        Long ended = endSequence.value();
        if (ended != null) {
            if (seq <= ended) {
                duplicates.inc();
            } else {
                reject(ctx, chunk, DeadLetterReason.AFTER_END_OF_TRACK, "chunk " + seq + " arrived after the track ended at chunk " + ended);
            }
            return;
        }
        keepAlive(ctx);
        Long next = nextSequence.value();
        if (next != null && seq < next) {
            if (wasFilled(seq)) {
                reject(ctx, chunk, DeadLetterReason.LATE_CHUNK, "chunk " + seq + " arrived after its place was filled with silence"
                        + " (the room had moved " + reorderWaitMs + " ms past the chunk after it)");
            } else {
                duplicates.inc();
            }
            return;
        }
        if (next != null && seq == next || next == null && seq == 0) {
            pass(chunk, 0, ctx, out);
            drain(ctx, out);
            scheduleGapDecision(ctx);
            return;
        }
        if (waiting.contains(seq)) {
            duplicates.inc();
            return;
        }
        waiting.put(seq, chunk);
        int count = waitingCount.value() == null ? 1 : waitingCount.value() + 1;
        waitingCount.update(count);
        if (count > maxWaitingChunks) {
            // Too much is waiting: stop waiting for the missing piece instead of growing without bound.
            fillGap(ctx, out);
        }
        scheduleGapDecision(ctx);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TrackChunk> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            gapTimer.clear();
            // The room has moved far enough past the lowest waiting chunk: what is missing is not coming.
            while (waitingCount.value() != null && endSequence.value() == null
                    && lowestWaiting().eventTime + reorderWaitMs <= ctx.timerService().currentWatermark()) {
                fillGap(ctx, out);
            }
            scheduleGapDecision(ctx);
            return;
        }
        releaseTimer.clear();
        if (endSequence.value() != null) {
            clearAll(ctx);
            return;
        }
        Long last = lastActivity.value();
        if (last != null && timestamp - last < idleTrackTimeoutMs) {
            scheduleRelease(ctx, last + idleTrackTimeoutMs);
            return;
        }
        // A track that went quiet without an end (its producer stopped): pass on what still waits,
        // after its gaps, and forget the track.
        while (waitingCount.value() != null) {
            fillGap(ctx, out);
        }
        clearAll(ctx);
    }

    /** Gives up on the missing chunks before the lowest waiting one and passes everything it can. */
    private void fillGap(Context ctx, Collector<TrackChunk> out) throws Exception {
        TrackChunk chunk = lowestWaiting();
        long lowest = chunk.chunk.getSequence();
        waiting.remove(lowest);
        decrementWaiting();
        Long next = nextSequence.value();
        long gapMs = 0;
        if (next != null) {
            // The capture times say how much audio is missing; the sequence numbers only that some is.
            long expected = expectedCaptureMicros.value();
            long actual = chunk.chunk.getCaptureTime().toEpochMilli() * 1000L;
            gapMs = Math.max(0, Math.min(maxGapFillMs, (actual - expected) / 1000L));
            List<Long> ranges = filledRanges.value() == null ? new ArrayList<>() : new ArrayList<>(filledRanges.value());
            ranges.add(next);
            ranges.add(lowest);
            while (ranges.size() > 2 * FILLED_RANGES_KEPT) {
                ranges.remove(0);
                ranges.remove(0);
            }
            filledRanges.update(ranges);
            gapsFilled.inc();
        }
        pass(chunk, gapMs, ctx, out);
        drain(ctx, out);
    }

    private TrackChunk lowestWaiting() throws Exception {
        long lowest = Long.MAX_VALUE;
        for (Long seq : waiting.keys()) {
            lowest = Math.min(lowest, seq);
        }
        return waiting.get(lowest);
    }

    /** One event-time timer, for the lowest waiting chunk; none when nothing waits. */
    private void scheduleGapDecision(Context ctx) throws Exception {
        Long pending = gapTimer.value();
        if (waitingCount.value() == null || endSequence.value() != null) {
            if (pending != null) {
                ctx.timerService().deleteEventTimeTimer(pending);
                gapTimer.clear();
            }
            return;
        }
        long at = lowestWaiting().eventTime + reorderWaitMs;
        if (pending == null || pending != at) {
            if (pending != null) {
                ctx.timerService().deleteEventTimeTimer(pending);
            }
            ctx.timerService().registerEventTimeTimer(at);
            gapTimer.update(at);
        }
    }

    private void drain(Context ctx, Collector<TrackChunk> out) throws Exception {
        while (waitingCount.value() != null && endSequence.value() == null) {
            long next = nextSequence.value();
            TrackChunk chunk = waiting.get(next);
            if (chunk == null) {
                return;
            }
            waiting.remove(next);
            decrementWaiting();
            pass(chunk, 0, ctx, out);
        }
    }

    /** Whether the chunk's audio begins at or after the end of the last chunk passed (a track has passed one). */
    private boolean startsAfterAllPassed(TrackChunk chunk) throws Exception {
        Long expected = expectedCaptureMicros.value();
        return expected != null && chunk.chunk.getCaptureTime().toEpochMilli() * 1000L >= expected;
    }

    /**
     * Closes the track's old numbering and starts a new one at {@code first} (sequence 0): what still
     * waits of the old one is passed on first, after its gaps; the stretch between the two is heard as
     * silence of the length the capture times say (at most {@code max-gap-fill-ms}), as any gap.
     */
    private void restartEpoch(TrackChunk first, Context ctx, Collector<TrackChunk> out) throws Exception {
        restarts.inc();
        Long ended = endSequence.value();
        if (ended == null) {
            while (waitingCount.value() != null) {
                fillGap(ctx, out);
            }
        }
        long gapMs = ended != null ? 0 : Math.max(0, Math.min(maxGapFillMs,
                (first.chunk.getCaptureTime().toEpochMilli() * 1000L - expectedCaptureMicros.value()) / 1000L));
        // An ended track starts afresh, as a new one would; a running one carries on across the gap.
        clearAll(ctx);
        keepAlive(ctx);
        pass(first, gapMs, ctx, out);
        drain(ctx, out);
        scheduleGapDecision(ctx);
    }

    private void pass(TrackChunk chunk, long gapMs, Context ctx, Collector<TrackChunk> out) throws Exception {
        // Stamped with its own capture time: a chunk passed after a wait, or when a later one came,
        // would otherwise carry that later chunk's time (or the timer's) and be reordered in BATCH mode.
        TrackChunk passed = gapMs == 0 ? chunk : chunk.afterGap(gapMs);
        passed.route = routeOf(chunk);
        if (batch) {
            // What the recogniser will spend on it, roughly: Vosk decodes every frame, and speech costs
            // more than silence (the demo's host and guest tracks, equally long: 17 s and 12 s of Vosk).
            long ms = chunk.durationMs();
            placement.worked(passed.route, gapMs + ms + (chunk.soundsVoiced() ? ms : 0));
        }
        EventTime.emitAt(out, passed, chunk.eventTime);
        AudioChunk audio = chunk.chunk;
        nextSequence.update(audio.getSequence() + 1);
        expectedCaptureMicros.update(audio.getCaptureTime().toEpochMilli() * 1000L + chunk.durationMs() * 1000L);
        if (audio.getEndOfTrack()) {
            // Ended, the track no longer weighs on where new tracks go, though its state stays for the
            // retention below: counted open until then, the bench's clip, ended seconds before, sent the
            // next Space's two tracks to the same recogniser (placed by two sequencer subtasks).
            placement.closed(passed.route);
            endSequence.update(audio.getSequence());
            for (TrackChunk after : waiting.values()) {
                reject(ctx, after, DeadLetterReason.AFTER_END_OF_TRACK,
                        "chunk " + after.chunk.getSequence() + " is after the track's end at chunk " + audio.getSequence());
            }
            waiting.clear();
            waitingCount.clear();
            scheduleGapDecision(ctx);
            // Keep remembering the end for a while, so that stragglers are recognised as such.
            Long pending = releaseTimer.value();
            if (pending != null) {
                ctx.timerService().deleteProcessingTimeTimer(pending);
                releaseTimer.clear();
            }
            scheduleRelease(ctx, ctx.timerService().currentProcessingTime() + endedTrackRetentionMs);
        }
    }

    /** The track's route, placing the track when it has none. */
    private String routeOf(TrackChunk chunk) throws Exception {
        String r = route.value();
        if (r == null) {
            // A track already under way without a route was restored from a job that keyed the
            // recogniser by the track's own key: it keeps that key, and the state under it.
            r = nextSequence.value() != null ? chunk.trackKey() : placement.place(chunk.trackKey());
            route.update(r);
        }
        placement.opened(r);
        return r;
    }

    /** Notes the track's activity; its release timer is moved lazily, when it fires. */
    private void keepAlive(Context ctx) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        lastActivity.update(now);
        if (releaseTimer.value() == null) {
            scheduleRelease(ctx, now + idleTrackTimeoutMs);
        }
    }

    private void scheduleRelease(Context ctx, long at) throws Exception {
        ctx.timerService().registerProcessingTimeTimer(at);
        releaseTimer.update(at);
    }

    private boolean wasFilled(long seq) throws Exception {
        List<Long> ranges = filledRanges.value();
        if (ranges == null) {
            return false;
        }
        for (int i = 0; i + 1 < ranges.size(); i += 2) {
            if (seq >= ranges.get(i) && seq < ranges.get(i + 1)) {
                return true;
            }
        }
        return false;
    }

    private void decrementWaiting() throws Exception {
        int count = waitingCount.value() - 1;
        if (count == 0) {
            waitingCount.clear();
        } else {
            waitingCount.update(count);
        }
    }

    private void reject(Context ctx, TrackChunk chunk, DeadLetterReason reason, String message) {
        ctx.output(DeadLetters.TAG, deadLetters.ofChunk(chunk, wire, reason, message));
    }

    private void clearAll(Context ctx) throws Exception {
        String r = route.value();
        if (r != null) {
            placement.closed(r);
        }
        Long gap = gapTimer.value();
        if (gap != null) {
            ctx.timerService().deleteEventTimeTimer(gap);
        }
        Long release = releaseTimer.value();
        if (release != null) {
            ctx.timerService().deleteProcessingTimeTimer(release);
        }
        nextSequence.clear();
        expectedCaptureMicros.clear();
        waiting.clear();
        waitingCount.clear();
        gapTimer.clear();
        endSequence.clear();
        filledRanges.clear();
        lastActivity.clear();
        releaseTimer.clear();
    }
}
