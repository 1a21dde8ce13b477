package io.spacecaps.testing;

import io.github.jaredmdobson.concentus.OpusApplication;
import io.github.jaredmdobson.concentus.OpusEncoder;
import io.spacecaps.ingest.OpusPackets;
import io.spacecaps.ingest.SincResampler;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.AudioEncoding;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A clip as a room sends it: Opus at 48 kHz, 32 kbit/s, 20 ms packets, several to a chunk. */
public final class OpusChunks {

    private static final int RATE = 48_000;
    private static final int FRAME = RATE / 50;

    private OpusChunks() {
    }

    /** The clip's Opus packets, the last one padded with silence. */
    public static List<byte[]> packets(Clip clip) throws Exception {
        short[] audio = new SincResampler(clip.sampleRate(), RATE).resample(clip.samples());
        OpusEncoder encoder = new OpusEncoder(RATE, 1, OpusApplication.OPUS_APPLICATION_VOIP);
        encoder.setBitrate(32_000);
        List<byte[]> packets = new ArrayList<>();
        byte[] out = new byte[1275];
        for (int from = 0; from < audio.length; from += FRAME) {
            short[] frame = Arrays.copyOfRange(audio, from, from + FRAME);
            int length = encoder.encode(frame, 0, FRAME, out, 0, out.length);
            packets.add(Arrays.copyOf(out, length));
        }
        return packets;
    }

    /** The track as chunks of {@code packetsPerChunk} packets from {@code startMs}, closed by an empty end-of-track chunk. */
    public static List<AudioChunk> track(String spaceId, String trackId, Clip clip, long startMs, int packetsPerChunk) throws Exception {
        List<byte[]> packets = packets(clip);
        List<AudioChunk> chunks = new ArrayList<>();
        long seq = 0;
        for (int from = 0; from < packets.size(); from += packetsPerChunk) {
            List<byte[]> piece = packets.subList(from, Math.min(packets.size(), from + packetsPerChunk));
            chunks.add(chunk(spaceId, trackId, seq++, startMs + from * 20L, OpusPackets.frame(piece)).build());
        }
        chunks.add(chunk(spaceId, trackId, seq, startMs + packets.size() * 20L, new byte[0]).setEndOfTrack(true).build());
        return chunks;
    }

    public static AudioChunk.Builder chunk(String spaceId, String trackId, long sequence, long captureMs, byte[] framedPackets) {
        return Chunks.chunk(spaceId, trackId, sequence, captureMs, framedPackets)
                .setEncoding(AudioEncoding.OPUS).setSampleRate(RATE).setChannels(1);
    }
}
