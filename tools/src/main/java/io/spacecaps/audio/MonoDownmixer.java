package io.spacecaps.audio;

/**
 * Turns interleaved frames of any WAV sample encoding into mono 16-bit samples by averaging the
 * channels. Values are carried in 16-bit units as doubles so 24/32-bit and float inputs are
 * rounded once, at the end, instead of truncated per channel.
 */
final class MonoDownmixer {

    private final WavFormat.SampleEncoding encoding;
    private final int channels;
    private final int frameBytes;

    MonoDownmixer(WavFormat format) {
        this.encoding = format.encoding();
        this.channels = format.channels();
        this.frameBytes = format.frameBytes();
    }

    void decode(byte[] frames, int frameCount, short[] target, int targetOffset) {
        int bytesPerSample = encoding.bytes;
        for (int f = 0; f < frameCount; f++) {
            int offset = f * frameBytes;
            double sum = 0;
            for (int c = 0; c < channels; c++, offset += bytesPerSample) {
                sum += sampleIn16BitUnits(frames, offset);
            }
            target[targetOffset + f] = toShort(sum / channels);
        }
    }

    private double sampleIn16BitUnits(byte[] b, int o) {
        switch (encoding) {
            case UNSIGNED_8:
                return ((b[o] & 0xFF) - 128) * 256;
            case SIGNED_16:
                return (short) ((b[o] & 0xFF) | b[o + 1] << 8);
            case SIGNED_24:
                return ((b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | b[o + 2] << 16) / 256.0;
            case SIGNED_32:
                return ((b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | b[o + 3] << 24) / 65536.0;
            case FLOAT_32:
                return Float.intBitsToFloat(readInt(b, o)) * 32768.0;
            case FLOAT_64:
                return Double.longBitsToDouble((readInt(b, o) & 0xFFFFFFFFL) | (long) readInt(b, o + 4) << 32)
                        * 32768.0;
            default:
                throw new IllegalStateException("unhandled encoding " + encoding);
        }
    }

    private static int readInt(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | b[o + 3] << 24;
    }

    /** Rounds to the nearest sample; clips, since float WAVs may legitimately exceed full scale. */
    static short toShort(double value) {
        if (Double.isNaN(value)) {
            return 0;
        }
        long rounded = Math.round(value);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, rounded));
    }
}
