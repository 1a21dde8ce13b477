package io.spacecaps.audio;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.github.jaredmdobson.concentus.OpusException;
import io.spacecaps.ingest.OpusPackets;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encodes a track as a room's client sends it: Opus at 48 kHz, mono, 20 ms packets, a few packets to
 * a chunk, framed as {@code AudioChunk.payload} says ({@link OpusPackets}). One encoder runs over the
 * whole track, so the chunks are one continuous Opus stream, as the job expects.
 */
public final class OpusTrackEncoder {

    public static final int SAMPLE_RATE = 48_000;
    public static final int DEFAULT_BITRATE = 32_000;
    private static final int PACKET_MILLIS = 20;
    private static final int PACKET_SAMPLES = SAMPLE_RATE * PACKET_MILLIS / 1000;
    /** The largest packet libopus makes for one frame (RFC 6716, section 3.4). */
    private static final int MAX_PACKET_BYTES = 1275;

    private final int chunkMillis;
    private final int bitrate;

    public OpusTrackEncoder(int chunkMillis, int bitrate) {
        if (chunkMillis <= 0 || chunkMillis % PACKET_MILLIS != 0) {
            throw new IllegalArgumentException("Opus chunks hold whole 20 ms packets: " + chunkMillis + " ms is not a multiple of 20");
        }
        if (bitrate < 6_000 || bitrate > 510_000) {
            throw new IllegalArgumentException("Opus bitrates run from 6000 to 510000 bit/s, not " + bitrate);
        }
        this.chunkMillis = chunkMillis;
        this.bitrate = bitrate;
    }

    /**
     * The track's chunks. Each {@link AudioChunker.Chunk} carries framed Opus packets as its payload,
     * and its first sample and sample count in the rate of {@code audio}, as a PCM chunk would; the last
     * packet is padded with silence to 20 ms.
     */
    public List<AudioChunker.Chunk> split(PcmAudio audio) {
        short[] fullRate = Resampler.resample(audio, SAMPLE_RATE).samples();
        OpusEncoder encoder;
        try {
            encoder = new OpusEncoder(SAMPLE_RATE, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        } catch (OpusException e) {
            throw new IllegalStateException("Opus encoder refused 48 kHz mono", e);
        }
        encoder.setBitrate(bitrate);
        int packetsPerChunk = chunkMillis / PACKET_MILLIS;
        List<AudioChunker.Chunk> chunks = new ArrayList<>();
        List<byte[]> packets = new ArrayList<>();
        byte[] packet = new byte[MAX_PACKET_BYTES];
        long rate = audio.sampleRate();
        for (int from = 0; from < fullRate.length; from += PACKET_SAMPLES) {
            short[] frame = Arrays.copyOfRange(fullRate, from, from + PACKET_SAMPLES);
            try {
                packets.add(Arrays.copyOf(packet, encoder.encode(frame, 0, PACKET_SAMPLES, packet, 0, packet.length)));
            } catch (OpusException e) {
                throw new IllegalStateException("Opus encoder failed on packet " + packets.size(), e);
            }
            boolean last = from + PACKET_SAMPLES >= fullRate.length;
            if (packets.size() == packetsPerChunk || last) {
                int index = chunks.size();
                long firstSample = (long) index * chunkMillis * rate / 1000;
                long endSample = ((long) index * chunkMillis + (long) packets.size() * PACKET_MILLIS) * rate / 1000;
                chunks.add(new AudioChunker.Chunk(index, firstSample, (int) (endSample - firstSample), (long) index * chunkMillis,
                        OpusPackets.frame(packets)));
                packets.clear();
            }
        }
        return chunks;
    }
}
