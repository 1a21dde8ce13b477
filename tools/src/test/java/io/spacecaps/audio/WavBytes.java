package io.spacecaps.audio;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds WAV files byte by byte, so tests can make every odd shape a real file might have. */
final class WavBytes {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    static WavBytes riffWave() {
        WavBytes wav = new WavBytes();
        wav.ascii("RIFF").u32(0).ascii("WAVE");
        return wav;
    }

    static byte[] pcm16(int channels, int rate, short... interleaved) {
        WavBytes data = new WavBytes();
        for (short sample : interleaved) {
            data.u16(sample);
        }
        return riffWave().fmt(1, channels, rate, 16).chunk("data", data.toByteArray()).toByteArray();
    }

    WavBytes fmt(int formatTag, int channels, int rate, int bits) {
        int blockAlign = channels * bits / 8;
        WavBytes fmt = new WavBytes();
        fmt.u16(formatTag).u16(channels).u32(rate).u32((long) rate * blockAlign).u16(blockAlign).u16(bits);
        return chunk("fmt ", fmt.toByteArray());
    }

    /** A 40-byte WAVE_FORMAT_EXTENSIBLE fmt chunk wrapping {@code subformatTag}. */
    WavBytes extensibleFmt(int subformatTag, int channels, int rate, int bits) {
        int blockAlign = channels * bits / 8;
        WavBytes fmt = new WavBytes();
        fmt.u16(0xFFFE).u16(channels).u32(rate).u32((long) rate * blockAlign).u16(blockAlign).u16(bits)
                .u16(22).u16(bits).u32(3)
                .u16(subformatTag).raw(0x00, 0x00, 0x00, 0x00, 0x10, 0x00, 0x80, 0x00,
                        0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71);
        return chunk("fmt ", fmt.toByteArray());
    }

    /** A chunk with its pad byte when the payload is odd, as RIFF requires. */
    WavBytes chunk(String id, byte[] payload) {
        ascii(id).u32(payload.length);
        bytes.writeBytes(payload);
        if (payload.length % 2 == 1) {
            bytes.write(0);
        }
        return this;
    }

    /** A chunk whose header claims {@code declaredSize}, whatever follows. */
    WavBytes chunkHeader(String id, long declaredSize) {
        return ascii(id).u32(declaredSize);
    }

    WavBytes ascii(String text) {
        bytes.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
        return this;
    }

    WavBytes u16(int value) {
        bytes.write(value);
        bytes.write(value >> 8);
        return this;
    }

    WavBytes u24(int value) {
        bytes.write(value);
        bytes.write(value >> 8);
        bytes.write(value >> 16);
        return this;
    }

    WavBytes u32(long value) {
        u16((int) value);
        return u16((int) (value >> 16));
    }

    WavBytes f32(float value) {
        return u32(Float.floatToIntBits(value) & 0xFFFFFFFFL);
    }

    WavBytes f64(double value) {
        long bits = Double.doubleToLongBits(value);
        u32(bits & 0xFFFFFFFFL);
        return u32(bits >>> 32);
    }

    WavBytes raw(byte[] values) {
        bytes.writeBytes(values);
        return this;
    }

    WavBytes raw(int... values) {
        for (int value : values) {
            bytes.write(value);
        }
        return this;
    }

    byte[] toByteArray() {
        return bytes.toByteArray();
    }
}
