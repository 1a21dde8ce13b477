package io.spacecaps.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class AudioChunkerTest {

    @Test
    void splitsIntoHundredMillisecondChunksWithAShorterLast() {
        PcmAudio audio = new PcmAudio(new short[3500], 16_000);

        List<AudioChunker.Chunk> chunks = new AudioChunker().split(audio);

        assertEquals(3, chunks.size());
        assertChunk(chunks.get(0), 0, 0, 1600, 0);
        assertChunk(chunks.get(1), 1, 1600, 1600, 100);
        assertChunk(chunks.get(2), 2, 3200, 300, 200);
    }

    @Test
    void payloadIsTheLittleEndianSamples() {
        PcmAudio audio = new PcmAudio(new short[] {1, 2, 3, -1, 0x1234}, 2000);

        List<AudioChunker.Chunk> chunks = new AudioChunker(1).split(audio);

        assertEquals(3, chunks.size());
        assertArrayEquals(new byte[] {1, 0, 2, 0}, chunks.get(0).payload());
        assertArrayEquals(new byte[] {3, 0, -1, -1}, chunks.get(1).payload());
        assertArrayEquals(new byte[] {0x34, 0x12}, chunks.get(2).payload());
        assertEquals(4, chunks.get(2).firstSample());
        assertEquals(2, chunks.get(2).startMillis());
    }

    @Test
    void chunkBoundariesDoNotDriftAtFractionalRates() {
        // 100 ms at 11025 Hz is 1102.5 samples: chunks alternate 1102 and 1103.
        PcmAudio audio = new PcmAudio(new short[11_025], 11_025);

        List<AudioChunker.Chunk> chunks = new AudioChunker(100).split(audio);

        assertEquals(10, chunks.size());
        assertChunk(chunks.get(0), 0, 0, 1102, 0);
        assertChunk(chunks.get(1), 1, 1102, 1103, 99);
        assertChunk(chunks.get(9), 9, 9922, 1103, 899);
    }

    @Test
    void emptyAudioHasNoChunks() {
        assertEquals(List.of(), new AudioChunker().split(new PcmAudio(new short[0], 16_000)));
    }

    @Test
    void rejectsANonPositiveLength() {
        assertEquals("chunk length must be positive, got 0 ms",
                assertThrows(IllegalArgumentException.class, () -> new AudioChunker(0)).getMessage());
    }

    private static void assertChunk(AudioChunker.Chunk chunk, int index, long firstSample, int sampleCount,
            long startMillis) {
        assertEquals(index, chunk.index());
        assertEquals(firstSample, chunk.firstSample());
        assertEquals(sampleCount, chunk.sampleCount());
        assertEquals(startMillis, chunk.startMillis());
        assertEquals(2 * sampleCount, chunk.payload().length);
    }
}
