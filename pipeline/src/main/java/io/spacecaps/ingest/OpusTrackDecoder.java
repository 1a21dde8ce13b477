package io.spacecaps.ingest;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.AudioEncoding;
import io.spacecaps.schema.wire.WireFormat;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a track's {@code OPUS} chunks into the PCM the recogniser takes (mono, {@code sample-rate}),
 * keyed by track and right after the sequencer, because an Opus stream decodes only in order. Other
 * chunks pass unchanged.
 *
 * <p>An Opus decoder carries state from packet to packet and cannot be checkpointed, so none is kept:
 * each chunk is decoded by a fresh decoder warmed up on the track's preceding
 * {@code opus-warm-up-ms} of packets ({@link OpusChunkDecoder}), and those packets (a few hundred
 * bytes) are the keyed state. A chunk's samples are thus a function of checkpointed state and the
 * chunk, the same with or without a failover in between.
 *
 * <p>A chunk the codec cannot decode is dead-lettered ({@code UNDECODABLE_OPUS}) and heard as silence
 * of its length, so the track's timeline holds; the next chunk starts without warm-up. The state is
 * released with the track's end, or once the track has been quiet for {@code idle-track-timeout-ms}.
 * The counter {@code opusDecodeCpuMs} is the CPU time spent decoding and resampling.
 */
public class OpusTrackDecoder extends KeyedProcessFunction<String, TrackChunk, TrackChunk> {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final int sampleRate;
    private final long warmUpMs;
    private final long idleTrackTimeoutMs;

    /** The track's last packets, framed as in a chunk, covering at least {@code warmUpMs}. */
    private transient ValueState<byte[]> warmUp;
    private transient ValueState<Long> releaseTimer;
    private transient OpusChunkDecoder decoder;
    private transient DeadLetters deadLetters;
    private transient WireFormat<AudioChunk> wire;
    private transient Counter decodeCpuMs;
    private transient long decodeCpuNanosCarry;

    public OpusTrackDecoder(SpacecapsConfig config) {
        this.sampleRate = config.sampleRate();
        this.warmUpMs = config.opusWarmUpMs();
        this.idleTrackTimeoutMs = config.idleTrackTimeoutMs();
    }

    @Override
    public void open(OpenContext openContext) {
        warmUp = getRuntimeContext().getState(new ValueStateDescriptor<>("opus-warm-up", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        releaseTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("release-timer", Types.LONG));
        decoder = new OpusChunkDecoder(sampleRate);
        deadLetters = new DeadLetters(getRuntimeContext().getMetricGroup(), 64 * 1024);
        wire = WireFormat.of(AudioChunk.class);
        decodeCpuMs = getRuntimeContext().getMetricGroup().counter("opusDecodeCpuMs");
    }

    @Override
    public void processElement(TrackChunk chunk, Context ctx, Collector<TrackChunk> out) throws Exception {
        AudioChunk audio = chunk.chunk;
        if (chunk.captionsOff || audio.getEncoding() != AudioEncoding.OPUS) {
            out.collect(chunk);
            if (audio.getEndOfTrack()) {
                release(ctx);
            }
            return;
        }
        long started = THREADS.getCurrentThreadCpuTime();
        List<byte[]> packets;
        short[] pcm;
        try {
            packets = OpusPackets.parse(audio.getPayload());
            byte[] before = warmUp.value();
            pcm = decoder.decode(before == null ? List.of() : OpusPackets.parse(ByteBuffer.wrap(before)), packets);
        } catch (OpusPackets.MalformedOpusException | OpusChunkDecoder.UndecodableOpusException e) {
            // The validator checked the framing and headers; what fails here is the audio inside.
            ctx.output(DeadLetters.TAG, deadLetters.ofChunk(chunk, wire, DeadLetterReason.UNDECODABLE_OPUS,
                    "chunk " + audio.getSequence() + ": " + e.getMessage() + "; heard as silence"));
            packets = null;
            pcm = new short[(int) (OpusPackets.durationMs(audio.getPayload()) * sampleRate / 1000L)];
        }
        out.collect(asPcm(chunk, pcm));
        keepWarmUp(packets);
        countCpuSince(started);
        if (audio.getEndOfTrack()) {
            release(ctx);
        } else {
            keepAlive(ctx);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TrackChunk> out) {
        // A track that went quiet without an end: its decoder's memory is no longer worth keeping.
        warmUp.clear();
        releaseTimer.clear();
    }

    /** The same chunk carrying its decoded audio. */
    private TrackChunk asPcm(TrackChunk chunk, short[] pcm) {
        ByteBuffer payload = ByteBuffer.allocate(pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        payload.asShortBuffer().put(pcm);
        TrackChunk decoded = chunk.afterGap(chunk.gapMs);
        decoded.chunk = AudioChunk.newBuilder(chunk.chunk)
                .setEncoding(AudioEncoding.PCM_S16LE).setSampleRate(sampleRate).setChannels(1)
                .setPayload(payload)
                .build();
        return decoded;
    }

    /** Keeps the newest packets that make up at least the warm-up; none after a chunk that failed (null). */
    private void keepWarmUp(List<byte[]> packets) throws Exception {
        if (packets == null || warmUpMs == 0) {
            warmUp.clear();
            return;
        }
        List<byte[]> kept = new ArrayList<>();
        byte[] before = warmUp.value();
        if (before != null) {
            kept.addAll(OpusPackets.parse(ByteBuffer.wrap(before)));
        }
        kept.addAll(packets);
        warmUp.update(OpusPackets.frame(OpusPackets.newestCovering(kept, warmUpMs)));
    }

    /** Moves the track's release to one idle timeout from now. */
    private void keepAlive(Context ctx) throws Exception {
        Long pending = releaseTimer.value();
        if (pending != null) {
            ctx.timerService().deleteProcessingTimeTimer(pending);
        }
        long at = ctx.timerService().currentProcessingTime() + idleTrackTimeoutMs;
        ctx.timerService().registerProcessingTimeTimer(at);
        releaseTimer.update(at);
    }

    private void release(Context ctx) throws Exception {
        Long pending = releaseTimer.value();
        if (pending != null) {
            ctx.timerService().deleteProcessingTimeTimer(pending);
        }
        warmUp.clear();
        releaseTimer.clear();
    }

    private void countCpuSince(long startedNanos) {
        decodeCpuNanosCarry += THREADS.getCurrentThreadCpuTime() - startedNanos;
        if (decodeCpuNanosCarry >= 1_000_000) {
            decodeCpuMs.inc(decodeCpuNanosCarry / 1_000_000);
            decodeCpuNanosCarry %= 1_000_000;
        }
    }
}
