package io.spacecaps.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class PcmAudioTest {

    @Test
    void durationIsRoundedDown() {
        assertEquals(1000, new PcmAudio(new short[16_000], 16_000).durationMillis());
        assertEquals(22, new PcmAudio(new short[1000], 44_100).durationMillis());
        assertEquals(0, new PcmAudio(new short[0], 8000).durationMillis());
    }

    @Test
    void bytesAreLittleEndianSigned16() {
        PcmAudio audio = new PcmAudio(new short[] {0x0102, -2, Short.MIN_VALUE}, 16_000);

        assertArrayEquals(new byte[] {0x02, 0x01, (byte) 0xFE, (byte) 0xFF, 0x00, (byte) 0x80},
                audio.toLittleEndianBytes());
    }

    @Test
    void sliceIsHalfOpen() {
        PcmAudio audio = new PcmAudio(new short[] {10, 20, 30, 40}, 8000);

        assertEquals(new PcmAudio(new short[] {20, 30}, 8000), audio.slice(1, 3));
        assertEquals(0, audio.slice(4, 4).sampleCount());
        assertEquals("slice [2, 5) is outside audio of 4 samples",
                assertThrows(IndexOutOfBoundsException.class, () -> audio.slice(2, 5)).getMessage());
    }

    @Test
    void isImmutable() {
        short[] samples = {1, 2};
        PcmAudio audio = new PcmAudio(samples, 8000);

        samples[0] = 99;
        audio.samples()[1] = 99;

        assertArrayEquals(new short[] {1, 2}, audio.samples());
    }

    @Test
    void rejectsANonPositiveRate() {
        assertEquals("sample rate must be positive, got 0",
                assertThrows(IllegalArgumentException.class, () -> new PcmAudio(new short[1], 0)).getMessage());
    }
}
