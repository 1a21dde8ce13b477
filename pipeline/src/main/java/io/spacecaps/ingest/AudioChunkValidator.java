package io.spacecaps.ingest;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.kafka.RawRecord;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.AudioEncoding;
import io.spacecaps.schema.wire.WireFormat;
import io.spacecaps.schema.wire.WireFormatException;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.spaces.KnownSpace;
import io.spacecaps.spaces.SpaceDirectory;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Decodes audio records and keeps only chunks the recogniser can use, each with where it was read
 * from; every other record goes to the dead-letter side output with a reason, and the stream goes on.
 * Never throws on input.
 *
 * <p>Consent is honoured here, at the first point that knows whose audio a chunk is: the room's events
 * (broadcast, {@link SpaceDirectory}) say who declined captions, and a chunk of such a participant's
 * own track loses its audio before anything else sees it: it is neither recognised, nor kept in any
 * state, nor written to any topic, not even as a dead letter. Only its length and whether someone
 * spoke in it travel on ({@link TrackChunk#withoutAudio()}), so that captions can say the participant
 * is speaking. Audio that comes before the room says so is treated as any other.
 */
public class AudioChunkValidator extends BroadcastProcessFunction<RawRecord, SpaceEvent, TrackChunk> {

    private final int sampleRate;
    private final int maxRecordBytes;
    private final int maxPayloadBytes;
    private transient WireFormat<AudioChunk> wire;
    private final long idleSpaceTimeoutMs;
    private transient DeadLetters deadLetters;
    private transient Counter captionsOffChunks;

    public AudioChunkValidator(SpacecapsConfig config) {
        this.sampleRate = config.sampleRate();
        this.maxRecordBytes = config.maxRecordBytes();
        this.maxPayloadBytes = config.maxPayloadBytes();
        this.idleSpaceTimeoutMs = config.idleSpaceTimeoutMs();
    }

    @Override
    public void open(OpenContext openContext) {
        wire = WireFormat.of(AudioChunk.class);
        deadLetters = new DeadLetters(getRuntimeContext().getMetricGroup(), 64 * 1024);
        captionsOffChunks = getRuntimeContext().getMetricGroup().counter("captionsOffChunks");
    }

    @Override
    public void processBroadcastElement(SpaceEvent event, Context ctx, Collector<TrackChunk> out) throws Exception {
        SpaceDirectory.apply(ctx.getBroadcastState(SpaceDirectory.SPACES), event, ctx.currentProcessingTime(), idleSpaceTimeoutMs);
    }

    @Override
    public void processElement(RawRecord raw, ReadOnlyContext ctx, Collector<TrackChunk> out) throws Exception {
        DeadLetter oversized = deadLetters.ifOversized(raw, maxRecordBytes);
        if (oversized != null) {
            ctx.output(DeadLetters.TAG, oversized);
            return;
        }
        AudioChunk chunk;
        try {
            chunk = wire.decode(raw.value);
        } catch (WireFormatException e) {
            ctx.output(DeadLetters.TAG, deadLetters.of(raw, DeadLetters.reasonFor(e), "cannot decode AudioChunk: " + e.getMessage(), null, null));
            return;
        }
        KnownSpace space = chunk.getSpaceId() == null ? null : ctx.getBroadcastState(SpaceDirectory.SPACES).get(chunk.getSpaceId());
        if (space != null && space.declined(chunk.getParticipantId())) {
            captionsOffChunks.inc();
            if (chunk.getPayload() != null && chunk.getPayload().remaining() % 2 == 0 && chunk.getPayload().remaining() <= maxPayloadBytes
                    && chunk.getSampleRate() == sampleRate && chunk.getChannels() == 1 && chunk.getSequence() >= 0) {
                out.collect(new TrackChunk(chunk, raw).withoutAudio());
            }
            // A bad record of someone who declined captions is dropped: a dead letter would keep its audio.
            return;
        }
        String problem = null;
        DeadLetterReason reason = null;
        int payloadBytes = chunk.getPayload() == null ? 0 : chunk.getPayload().remaining();
        if (isBlank(chunk.getSpaceId()) || isBlank(chunk.getTrackId())) {
            reason = DeadLetterReason.MISSING_ID;
            problem = "chunk has no Space id or no track id";
        } else if (chunk.getEncoding() != AudioEncoding.PCM_S16LE) {
            reason = DeadLetterReason.UNSUPPORTED_ENCODING;
            problem = "encoding " + chunk.getEncoding() + " is not supported: send PCM_S16LE";
        } else if (chunk.getSampleRate() != sampleRate) {
            reason = DeadLetterReason.UNSUPPORTED_SAMPLE_RATE;
            problem = "sample rate " + chunk.getSampleRate() + " Hz is not supported: send " + sampleRate
                    + " Hz (scripts/spacecaps replay converts any WAV)";
        } else if (chunk.getChannels() != 1) {
            reason = DeadLetterReason.UNSUPPORTED_CHANNELS;
            problem = chunk.getChannels() + " channels are not supported: send mono";
        } else if (payloadBytes % 2 != 0) {
            reason = DeadLetterReason.ODD_LENGTH_PCM;
            problem = "payload of " + payloadBytes + " bytes is not a whole number of 16-bit samples (truncated?)";
        } else if (payloadBytes > maxPayloadBytes) {
            reason = DeadLetterReason.OVERSIZED_CHUNK;
            problem = "chunk of " + payloadBytes + " bytes (" + (payloadBytes / 2 * 1000L / sampleRate)
                    + " ms) is over the " + maxPayloadBytes + "-byte limit";
        } else if (chunk.getSequence() < 0) {
            reason = DeadLetterReason.INVALID_SEQUENCE;
            problem = "sequence number " + chunk.getSequence() + " is negative";
        }
        if (reason != null) {
            ctx.output(DeadLetters.TAG, deadLetters.of(raw, reason, problem, chunk.getSpaceId(), chunk.getTrackId()));
            return;
        }
        out.collect(new TrackChunk(chunk, raw));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
