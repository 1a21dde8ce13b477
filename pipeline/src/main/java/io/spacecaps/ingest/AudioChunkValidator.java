package io.spacecaps.ingest;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.kafka.RawRecord;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.schema.AudioChunk;
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
 * Never throws on input. PCM must already be at the job's rate, mono; OPUS chunks are checked here
 * (rate, channels, framing, packet headers, length) and decoded after the sequencer, per track.
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
    private final int maxChunkMillis;
    private transient WireFormat<AudioChunk> wire;
    private final long idleSpaceTimeoutMs;
    private final long maxClockSkewMs;
    private transient DeadLetters deadLetters;
    private transient Counter captionsOffChunks;

    public AudioChunkValidator(SpacecapsConfig config) {
        this.sampleRate = config.sampleRate();
        this.maxRecordBytes = config.maxRecordBytes();
        this.maxPayloadBytes = config.maxPayloadBytes();
        this.maxChunkMillis = config.maxChunkMillis();
        this.idleSpaceTimeoutMs = config.idleSpaceTimeoutMs();
        this.maxClockSkewMs = config.maxClockSkewMs();
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
        Rejection rejection = check(chunk, raw.timestamp);
        KnownSpace space = chunk.getSpaceId() == null ? null : ctx.getBroadcastState(SpaceDirectory.SPACES).get(chunk.getSpaceId());
        if (space != null && space.declined(chunk.getParticipantId())) {
            captionsOffChunks.inc();
            if (rejection == null) {
                out.collect(new TrackChunk(chunk, raw).withoutAudio());
            }
            // A bad record of someone who declined captions is dropped: a dead letter would keep its audio.
            return;
        }
        if (rejection != null) {
            ctx.output(DeadLetters.TAG, deadLetters.of(raw, rejection.reason(), rejection.problem(), chunk.getSpaceId(), chunk.getTrackId()));
            return;
        }
        out.collect(new TrackChunk(chunk, raw));
    }

    private record Rejection(DeadLetterReason reason, String problem) {
    }

    /** Why the chunk cannot be used, or null when it can. */
    private Rejection check(AudioChunk chunk, long recordTimestamp) {
        if (isBlank(chunk.getSpaceId()) || isBlank(chunk.getTrackId())) {
            return new Rejection(DeadLetterReason.MISSING_ID, "chunk has no Space id or no track id");
        }
        long captureMs = chunk.getCaptureTime() == null ? recordTimestamp : chunk.getCaptureTime().toEpochMilli();
        if (EventTime.isFuture(Math.max(captureMs, recordTimestamp), maxClockSkewMs)) {
            return new Rejection(DeadLetterReason.FUTURE_TIME, "capture time " + java.time.Instant.ofEpochMilli(captureMs)
                    + " (record timestamp " + java.time.Instant.ofEpochMilli(recordTimestamp) + ") is more than "
                    + maxClockSkewMs + " ms ahead of the job's clock");
        }
        Rejection audio = switch (chunk.getEncoding()) {
            case PCM_S16LE -> checkPcm(chunk);
            case OPUS -> checkOpus(chunk);
            default -> new Rejection(DeadLetterReason.UNSUPPORTED_ENCODING,
                    "encoding " + chunk.getEncoding() + " is not supported: send PCM_S16LE or OPUS");
        };
        if (audio != null) {
            return audio;
        }
        if (chunk.getSequence() < 0) {
            return new Rejection(DeadLetterReason.INVALID_SEQUENCE, "sequence number " + chunk.getSequence() + " is negative");
        }
        return null;
    }

    private Rejection checkPcm(AudioChunk chunk) {
        int payloadBytes = chunk.getPayload() == null ? 0 : chunk.getPayload().remaining();
        if (chunk.getSampleRate() != sampleRate) {
            return new Rejection(DeadLetterReason.UNSUPPORTED_SAMPLE_RATE, "sample rate " + chunk.getSampleRate()
                    + " Hz is not supported: send " + sampleRate + " Hz (scripts/spacecaps replay converts any WAV)");
        }
        if (chunk.getChannels() != 1) {
            return new Rejection(DeadLetterReason.UNSUPPORTED_CHANNELS, chunk.getChannels() + " channels are not supported: send mono");
        }
        if (payloadBytes % 2 != 0) {
            return new Rejection(DeadLetterReason.ODD_LENGTH_PCM,
                    "payload of " + payloadBytes + " bytes is not a whole number of 16-bit samples (truncated?)");
        }
        if (payloadBytes > maxPayloadBytes) {
            return new Rejection(DeadLetterReason.OVERSIZED_CHUNK, "chunk of " + payloadBytes + " bytes ("
                    + (payloadBytes / 2 * 1000L / sampleRate) + " ms) is over the " + maxPayloadBytes + "-byte limit");
        }
        return null;
    }

    /** Only the framing and the packets' headers: the audio inside is decoded per track, in order (OpusTrackDecoder). */
    private Rejection checkOpus(AudioChunk chunk) {
        if (!OpusPackets.isOpusRate(chunk.getSampleRate())) {
            return new Rejection(DeadLetterReason.UNSUPPORTED_SAMPLE_RATE, "sample rate " + chunk.getSampleRate()
                    + " Hz is not an Opus rate: 8000, 12000, 16000, 24000 or 48000");
        }
        if (chunk.getChannels() != 1 && chunk.getChannels() != 2) {
            return new Rejection(DeadLetterReason.UNSUPPORTED_CHANNELS,
                    chunk.getChannels() + " channels are not supported for OPUS: send mono or stereo");
        }
        long durationMs;
        try {
            durationMs = OpusPackets.samplesOf(OpusPackets.parse(chunk.getPayload())) * 1000L / OpusPackets.OPUS_RATE;
        } catch (OpusPackets.MalformedOpusException e) {
            return new Rejection(DeadLetterReason.MALFORMED_OPUS,
                    "payload is not Opus packets, each after its length as 2 bytes big-endian: " + e.getMessage());
        }
        if (durationMs > maxChunkMillis) {
            return new Rejection(DeadLetterReason.OVERSIZED_CHUNK,
                    "chunk of " + durationMs + " ms of Opus is over the " + maxChunkMillis + " ms limit");
        }
        return null;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
