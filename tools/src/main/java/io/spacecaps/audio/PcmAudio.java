package io.spacecaps.audio;

import java.util.Arrays;

/**
 * Mono signed 16-bit audio at a known sample rate. Immutable: the samples are copied in and
 * copied out, so a caller can never change audio another stage is still reading.
 */
public final class PcmAudio {

    private final short[] samples;
    private final int sampleRate;

    public PcmAudio(short[] samples, int sampleRate) {
        this(sampleRate, samples.clone());
    }

    /** Takes {@code ownedSamples} without a copy; only for arrays nobody else holds a reference to. */
    private PcmAudio(int sampleRate, short[] ownedSamples) {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sample rate must be positive, got " + sampleRate);
        }
        this.samples = ownedSamples;
        this.sampleRate = sampleRate;
    }

    /** For decoders and converters in this package that build a fresh array and hand it over. */
    static PcmAudio adopt(short[] freshSamples, int sampleRate) {
        return new PcmAudio(sampleRate, freshSamples);
    }

    public int sampleRate() {
        return sampleRate;
    }

    public int sampleCount() {
        return samples.length;
    }

    public short sampleAt(int index) {
        return samples[index];
    }

    /** A copy of the samples. */
    public short[] samples() {
        return samples.clone();
    }

    /** The samples without a copy, for readers in this package that promise not to write. */
    short[] sharedSamples() {
        return samples;
    }

    /** Length in whole milliseconds, rounded down. */
    public long durationMillis() {
        return samples.length * 1000L / sampleRate;
    }

    /** Signed 16-bit little-endian PCM, the payload format of {@code AudioChunk}. */
    public byte[] toLittleEndianBytes() {
        return littleEndianBytes(0, samples.length);
    }

    byte[] littleEndianBytes(int fromSample, int toSample) {
        byte[] bytes = new byte[(toSample - fromSample) * 2];
        for (int i = fromSample, b = 0; i < toSample; i++, b += 2) {
            short sample = samples[i];
            bytes[b] = (byte) sample;
            bytes[b + 1] = (byte) (sample >> 8);
        }
        return bytes;
    }

    /** The samples in {@code [fromSample, toSample)}, at the same rate. */
    public PcmAudio slice(int fromSample, int toSample) {
        if (fromSample < 0 || toSample > samples.length || fromSample > toSample) {
            throw new IndexOutOfBoundsException("slice [" + fromSample + ", " + toSample
                    + ") is outside audio of " + samples.length + " samples");
        }
        return adopt(Arrays.copyOfRange(samples, fromSample, toSample), sampleRate);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PcmAudio that
                && sampleRate == that.sampleRate
                && Arrays.equals(samples, that.samples);
    }

    @Override
    public int hashCode() {
        return 31 * sampleRate + Arrays.hashCode(samples);
    }

    @Override
    public String toString() {
        return "PcmAudio[" + samples.length + " samples at " + sampleRate + " Hz, "
                + durationMillis() + " ms]";
    }
}
