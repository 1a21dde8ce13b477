package io.spacecaps.audio;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts audio into consecutive fixed-length chunks of little-endian signed 16-bit PCM, the payload
 * of an {@code AudioChunk} record. Chunk boundaries are computed from the chunk index rather than
 * by adding a rounded chunk length, so at rates like 11025 Hz they never drift from real time.
 */
public final class AudioChunker {

    public static final int DEFAULT_CHUNK_MILLIS = 100;

    private final int chunkMillis;

    public AudioChunker() {
        this(DEFAULT_CHUNK_MILLIS);
    }

    public AudioChunker(int chunkMillis) {
        if (chunkMillis <= 0) {
            throw new IllegalArgumentException("chunk length must be positive, got " + chunkMillis + " ms");
        }
        this.chunkMillis = chunkMillis;
    }

    public int chunkMillis() {
        return chunkMillis;
    }

    /**
     * One slice of the audio.
     *
     * @param index position of the chunk, from 0
     * @param firstSample offset of the chunk's first sample in the whole audio
     * @param sampleCount samples in the chunk; the last chunk may be shorter
     * @param startMillis start of the chunk in ms from the start of the audio, rounded down
     * @param payload the samples as little-endian s16; a fresh array the caller owns
     */
    public record Chunk(int index, long firstSample, int sampleCount, long startMillis, byte[] payload) {
    }

    public List<Chunk> split(PcmAudio audio) {
        List<Chunk> chunks = new ArrayList<>();
        long rate = audio.sampleRate();
        for (int index = 0; ; index++) {
            long from = boundary(index, rate);
            if (from >= audio.sampleCount()) {
                return chunks;
            }
            long to = Math.min(audio.sampleCount(), boundary(index + 1, rate));
            if (to == from) {
                continue; // a chunk shorter than one sample, possible only at absurdly low rates
            }
            chunks.add(new Chunk(index, from, (int) (to - from), from * 1000 / rate,
                    audio.littleEndianBytes((int) from, (int) to)));
        }
    }

    private long boundary(long chunkIndex, long rate) {
        return chunkIndex * chunkMillis * rate / 1000;
    }
}
