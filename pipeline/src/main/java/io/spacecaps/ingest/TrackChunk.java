package io.spacecaps.ingest;

import io.spacecaps.kafka.RawRecord;
import io.spacecaps.schema.AudioChunk;

/**
 * An audio chunk on its way through its track's stages: the chunk, where it was read from (so that a
 * later stage that rejects it can say so), and, once the sequencer has put it in order, how much audio
 * went missing just before it (chunks that never came), which the recogniser hears as silence.
 * A Flink POJO.
 */
public class TrackChunk {
    public AudioChunk chunk;
    /** Source topic, partition and offset of the record the chunk was decoded from. */
    public String sourceTopic;
    public int sourcePartition;
    public long sourceOffset;
    /** The record's event time (its Kafka timestamp): what the room's progress is measured against. */
    public long eventTime;
    /** Milliseconds of missing audio before this chunk; 0 when the track is whole. */
    public long gapMs;
    /**
     * The track's participant declined captions: the payload was dropped when the chunk was decoded,
     * and only how long it was and whether someone spoke in it travel on.
     */
    public boolean captionsOff;
    public long droppedMs;
    public boolean voiced;
    /**
     * The key the recogniser stages are keyed by: the track's key, salted by the sequencer so that
     * Flink places the track on the recogniser subtask chosen for it ({@link TrackPlacement}); null
     * before the sequencer.
     */
    public String route;

    public TrackChunk() {
    }

    public TrackChunk(AudioChunk chunk, RawRecord source) {
        this.chunk = chunk;
        this.sourceTopic = source.topic;
        this.sourcePartition = source.partition;
        this.sourceOffset = source.offset;
        this.eventTime = source.timestamp;
    }

    /** The same chunk, to be heard after {@code gapMs} of missing audio. */
    public TrackChunk afterGap(long gapMs) {
        TrackChunk next = new TrackChunk();
        next.chunk = chunk;
        next.sourceTopic = sourceTopic;
        next.sourcePartition = sourcePartition;
        next.sourceOffset = sourceOffset;
        next.eventTime = eventTime;
        next.gapMs = gapMs;
        next.captionsOff = captionsOff;
        next.droppedMs = droppedMs;
        next.voiced = voiced;
        next.route = route;
        return next;
    }

    /** The Kafka key of the chunk's track, and the key of every track-keyed stage. */
    public String trackKey() {
        return io.spacecaps.kafka.Topics.audioKey(chunk.getSpaceId(), chunk.getTrackId());
    }

    /** The key of the recogniser stages: the route the sequencer gave the track, or its own key before that. */
    public String routeKey() {
        return route != null ? route : trackKey();
    }

    /** Milliseconds of audio in the chunk (16-bit samples or Opus packets), or that it had before its payload was dropped. */
    public long durationMs() {
        if (captionsOff) {
            return droppedMs;
        }
        if (chunk.getEncoding() == io.spacecaps.schema.AudioEncoding.OPUS) {
            return OpusPackets.durationMs(chunk.getPayload());
        }
        return chunk.getPayload().remaining() / 2L * 1000L / chunk.getSampleRate();
    }

    /**
     * The chunk of a participant who declined captions: the same chunk without its audio (never kept
     * or passed on), its length, and whether it was speech (loud enough to be someone talking).
     */
    public TrackChunk withoutAudio() {
        java.nio.ByteBuffer pcm = chunk.getPayload().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int sampleRate = chunk.getSampleRate();
        if (chunk.getEncoding() == io.spacecaps.schema.AudioEncoding.OPUS) {
            // Only loudness is wanted, so a decoder without warm-up is good enough, and keeps no state.
            sampleRate = VOICED_CHECK_RATE;
            pcm = decodedAlone(sampleRate);
        }
        long samples = pcm.remaining() / 2;
        TrackChunk next = afterGap(gapMs);
        next.voiced = loudEnoughForSpeech(pcm);
        next.chunk = io.spacecaps.schema.AudioChunk.newBuilder(chunk).setPayload(java.nio.ByteBuffer.allocate(0)).build();
        next.captionsOff = true;
        next.droppedMs = samples * 1000L / sampleRate;
        return next;
    }

    /**
     * Whether the chunk is loud enough to be someone speaking, when that can be told without decoding
     * it: 16-bit audio is measured; Opus audio (and a chunk without audio) counts as speech.
     */
    public boolean soundsVoiced() {
        if (captionsOff) {
            return voiced;
        }
        if (chunk.getEncoding() == io.spacecaps.schema.AudioEncoding.OPUS) {
            return true;
        }
        return loudEnoughForSpeech(chunk.getPayload().duplicate().order(java.nio.ByteOrder.LITTLE_ENDIAN));
    }

    /** Little-endian 16-bit samples at about -45 dBFS or more: above room noise, below any voice close to its microphone. */
    private static boolean loudEnoughForSpeech(java.nio.ByteBuffer pcm) {
        long samples = pcm.remaining() / 2;
        double energy = 0;
        while (pcm.remaining() >= 2) {
            double s = pcm.getShort() / 32768.0;
            energy += s * s;
        }
        return samples > 0 && energy / samples > 3.2e-5;
    }

    private static final int VOICED_CHECK_RATE = 16_000;

    /** The chunk's Opus audio decoded on its own, as little-endian PCM; silence where it cannot be decoded. */
    private java.nio.ByteBuffer decodedAlone(int sampleRate) {
        short[] samples;
        try {
            samples = new OpusChunkDecoder(sampleRate).decode(java.util.List.of(), OpusPackets.parse(chunk.getPayload()));
        } catch (OpusPackets.MalformedOpusException | OpusChunkDecoder.UndecodableOpusException e) {
            samples = new short[(int) (OpusPackets.durationMs(chunk.getPayload()) * sampleRate / 1000L)];
        }
        java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(samples.length * 2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        out.asShortBuffer().put(samples);
        return out;
    }
}
