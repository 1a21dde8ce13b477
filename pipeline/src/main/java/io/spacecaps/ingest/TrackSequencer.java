package io.spacecaps.ingest;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.kafka.RawRecord;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.wire.WireFormat;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts each track's chunks back in sequence order (keyed by {@code <spaceId>/<trackId>}). Producers
 * retry, and several producers may feed one Space, so chunks arrive late, twice or out of order:
 * <ul>
 *   <li>a chunk ahead of the next expected one waits, at most {@code reorder-wait-ms};</li>
 *   <li>a duplicate (a sequence number already passed on or waiting) is dropped and counted;</li>
 *   <li>when the wait runs out, the missing range becomes silence of the length the capture times
 *       say (at most {@code max-gap-fill-ms}), passed on as {@link SequencedChunk#gapMs} so that the
 *       captions keep true times and mark the gap;</li>
 *   <li>a chunk that arrives after its place was filled with silence, or after its track ended,
 *       goes to the dead letters.</li>
 * </ul>
 * Every piece of state is cleared a while after the track's end-of-track chunk passes.
 */
public class TrackSequencer extends KeyedProcessFunction<String, AudioChunk, SequencedChunk> {

    private final long reorderWaitMs;
    private final long maxGapFillMs;
    private final int maxWaitingChunks;
    private final long endedTrackRetentionMs;

    private transient ValueState<Long> nextSequence;
    /** Capture time, in microseconds, at which the next chunk's first sample is due. */
    private transient ValueState<Long> expectedCaptureMicros;
    private transient MapState<Long, AudioChunk> waiting;
    private transient ValueState<Integer> waitingCount;
    private transient ValueState<Long> waitTimer;
    private transient ValueState<Long> endSequence;
    /** Sequence ranges [from, to) that were filled with silence, newest last, a few kept. */
    private transient ValueState<List<Long>> filledRanges;
    private transient DeadLetters deadLetters;
    private transient WireFormat<AudioChunk> wire;
    private transient Counter duplicates;
    private transient Counter gapsFilled;

    public TrackSequencer(SpacecapsConfig config) {
        this.reorderWaitMs = config.reorderWaitMs();
        this.maxGapFillMs = config.maxGapFillMs();
        this.maxWaitingChunks = config.maxWaitingChunks();
        this.endedTrackRetentionMs = config.endedTrackRetentionMs();
    }

    @Override
    public void open(OpenContext openContext) {
        nextSequence = getRuntimeContext().getState(new ValueStateDescriptor<>("next-sequence", Types.LONG));
        expectedCaptureMicros = getRuntimeContext().getState(new ValueStateDescriptor<>("expected-capture-us", Types.LONG));
        waiting = getRuntimeContext().getMapState(new MapStateDescriptor<>("waiting", Types.LONG, TypeInformation.of(AudioChunk.class)));
        waitingCount = getRuntimeContext().getState(new ValueStateDescriptor<>("waiting-count", Types.INT));
        waitTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("wait-timer", Types.LONG));
        endSequence = getRuntimeContext().getState(new ValueStateDescriptor<>("end-sequence", Types.LONG));
        filledRanges = getRuntimeContext().getState(new ValueStateDescriptor<>("filled-ranges", Types.LIST(Types.LONG)));
        deadLetters = new DeadLetters(getRuntimeContext().getMetricGroup(), 64 * 1024);
        wire = WireFormat.of(AudioChunk.class);
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateChunks");
        gapsFilled = getRuntimeContext().getMetricGroup().counter("gapsFilled");
    }

    @Override
    public void processElement(AudioChunk chunk, Context ctx, Collector<SequencedChunk> out) throws Exception {
        long seq = chunk.getSequence();
        Long ended = endSequence.value();
        if (ended != null) {
            if (seq <= ended) {
                duplicates.inc();
            } else {
                reject(ctx, chunk, DeadLetterReason.AFTER_END_OF_TRACK, "chunk " + seq + " arrived after the track ended at chunk " + ended);
            }
            return;
        }
        Long next = nextSequence.value();
        if (next != null && seq < next) {
            if (wasFilled(seq)) {
                reject(ctx, chunk, DeadLetterReason.LATE_CHUNK, "chunk " + seq + " arrived more than " + reorderWaitMs
                        + " ms late; its place was already filled with silence");
            } else {
                duplicates.inc();
            }
            return;
        }
        if (next != null && seq == next || next == null && seq == 0) {
            pass(chunk, 0, ctx, out);
            drain(ctx, out);
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
        } else if (waitTimer.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + reorderWaitMs;
            ctx.timerService().registerProcessingTimeTimer(at);
            waitTimer.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SequencedChunk> out) throws Exception {
        if (endSequence.value() != null) {
            clearAll();
            return;
        }
        waitTimer.clear();
        if (waitingCount.value() != null) {
            fillGap(ctx, out);
        }
    }

    /** Gives up on the missing chunks before the lowest waiting one and passes everything it can. */
    private void fillGap(Context ctx, Collector<SequencedChunk> out) throws Exception {
        long lowest = Long.MAX_VALUE;
        for (Long seq : waiting.keys()) {
            lowest = Math.min(lowest, seq);
        }
        AudioChunk chunk = waiting.get(lowest);
        waiting.remove(lowest);
        decrementWaiting();
        Long next = nextSequence.value();
        long gapMs = 0;
        if (next != null) {
            // The capture times say how much audio is missing; the sequence numbers only that some is.
            long expected = expectedCaptureMicros.value();
            long actual = chunk.getCaptureTime().toEpochMilli() * 1000L;
            gapMs = Math.max(0, Math.min(maxGapFillMs, (actual - expected) / 1000L));
            List<Long> ranges = filledRanges.value() == null ? new ArrayList<>() : new ArrayList<>(filledRanges.value());
            ranges.add(next);
            ranges.add(lowest);
            while (ranges.size() > 32) {
                ranges.remove(0);
                ranges.remove(0);
            }
            filledRanges.update(ranges);
            gapsFilled.inc();
        }
        pass(chunk, gapMs, ctx, out);
        drain(ctx, out);
        if (waitingCount.value() != null && waitTimer.value() == null && endSequence.value() == null) {
            long at = ctx.timerService().currentProcessingTime() + reorderWaitMs;
            ctx.timerService().registerProcessingTimeTimer(at);
            waitTimer.update(at);
        }
    }

    private void drain(Context ctx, Collector<SequencedChunk> out) throws Exception {
        while (waitingCount.value() != null && endSequence.value() == null) {
            long next = nextSequence.value();
            AudioChunk chunk = waiting.get(next);
            if (chunk == null) {
                return;
            }
            waiting.remove(next);
            decrementWaiting();
            pass(chunk, 0, ctx, out);
        }
    }

    private void pass(AudioChunk chunk, long gapMs, Context ctx, Collector<SequencedChunk> out) throws Exception {
        out.collect(new SequencedChunk(chunk, gapMs));
        nextSequence.update(chunk.getSequence() + 1);
        long samples = chunk.getPayload().remaining() / 2L;
        expectedCaptureMicros.update(chunk.getCaptureTime().toEpochMilli() * 1000L + samples * 1_000_000L / chunk.getSampleRate());
        if (chunk.getEndOfTrack()) {
            endSequence.update(chunk.getSequence());
            for (AudioChunk after : waiting.values()) {
                reject(ctx, after, DeadLetterReason.AFTER_END_OF_TRACK,
                        "chunk " + after.getSequence() + " is after the track's end at chunk " + chunk.getSequence());
            }
            waiting.clear();
            waitingCount.clear();
            Long pending = waitTimer.value();
            if (pending != null) {
                ctx.timerService().deleteProcessingTimeTimer(pending);
            }
            // Keep remembering the end for a while, so that stragglers are recognised as such.
            long at = ctx.timerService().currentProcessingTime() + endedTrackRetentionMs;
            ctx.timerService().registerProcessingTimeTimer(at);
            waitTimer.update(at);
        }
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

    private void reject(Context ctx, AudioChunk chunk, DeadLetterReason reason, String message) {
        RawRecord source = new RawRecord(Topics.AUDIO.topicName(), -1, -1, 0L,
                Topics.audioKey(chunk.getSpaceId(), chunk.getTrackId()).getBytes(StandardCharsets.UTF_8), wire.encode(chunk));
        ctx.output(DeadLetters.TAG, deadLetters.of(source, reason, message, chunk.getSpaceId(), chunk.getTrackId()));
    }

    private void clearAll() {
        nextSequence.clear();
        expectedCaptureMicros.clear();
        waiting.clear();
        waitingCount.clear();
        waitTimer.clear();
        endSequence.clear();
        filledRanges.clear();
    }
}
