package io.spacecaps.audio;

import io.spacecaps.ingest.OpusChunkDecoder;
import io.spacecaps.ingest.OpusPackets;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpusTrackEncoderTest {

    /** A 440 Hz tone, 1.05 s at 16 kHz. */
    private static PcmAudio tone() {
        short[] samples = new short[16_800];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 16_000.0));
        }
        return new PcmAudio(samples, 16_000);
    }

    @Test
    void chunksAreWholePacketsOfOneStreamInTheSchemasFramingAndDecodeBackToTheTone() throws Exception {
        List<AudioChunker.Chunk> chunks = new OpusTrackEncoder(100, 32_000).split(tone());
        assertEquals(11, chunks.size(), "10 chunks of five packets and one of three (60 ms: the last packet padded)");
        assertEquals(1600, chunks.get(0).sampleCount());
        assertEquals(1000, chunks.get(10).startMillis());
        assertEquals(960, chunks.get(10).sampleCount());
        List<byte[]> all = new ArrayList<>();
        for (AudioChunker.Chunk chunk : chunks) {
            List<byte[]> packets = OpusPackets.parse(ByteBuffer.wrap(chunk.payload()));
            assertEquals(chunk.sampleCount() * 3L, OpusPackets.samplesOf(packets), "packets of 20 ms at 48 kHz");
            all.addAll(packets);
        }
        short[] decoded = new OpusChunkDecoder(16_000).decode(List.of(), all);
        double energy = 0;
        for (int i = 8000; i < 12_000; i++) {
            energy += decoded[i] * (double) decoded[i];
        }
        double rms = Math.sqrt(energy / 4000);
        assertTrue(rms > 4500 && rms < 6800, "the tone's level (5657) comes back: " + rms);
    }

    @Test
    void chunksMustHoldWholePackets() {
        assertThrows(IllegalArgumentException.class, () -> new OpusTrackEncoder(30, 32_000));
        assertThrows(IllegalArgumentException.class, () -> new OpusTrackEncoder(100, 1_000));
    }
}
