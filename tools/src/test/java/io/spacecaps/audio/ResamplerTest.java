package io.spacecaps.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ResamplerTest {

    private static final int TARGET = 16_000;
    private static final double AMPLITUDE = 10_000;

    @ParameterizedTest
    @ValueSource(ints = {44_100, 48_000, 8_000, 22_050, 11_025, 32_000, 16_001})
    void keepsFrequencyAndAmplitudeOfA1kHzTone(int sourceRate) {
        PcmAudio tone = sine(1000, sourceRate, 2.0);

        PcmAudio converted = new Resampler(sourceRate, TARGET).resample(tone);

        assertEquals(TARGET, converted.sampleRate());
        assertEquals((2 * sourceRate * (long) TARGET + sourceRate - 1) / sourceRate, converted.sampleCount(),
                "ceil(input samples * 16000 / source rate)");
        // Measure away from the edges, where the filter sees the silence beyond the signal.
        PcmAudio middle = converted.slice(TARGET / 4, TARGET * 7 / 4);
        assertEquals(1000, frequencyByZeroCrossings(middle), 10, "frequency within 1%");
        assertEquals(AMPLITUDE, peak(middle), AMPLITUDE / 100, "amplitude within 1%");
        assertEquals(AMPLITUDE / Math.sqrt(2), rms(middle), AMPLITUDE / 100, "RMS within 1%");
    }

    @Test
    void removesA7900HzToneGoingFrom48kTo16k() {
        PcmAudio converted = new Resampler(48_000, TARGET).resample(sine(7900, 48_000, 1.0));

        double attenuationDb = 20 * Math.log10(rms(converted.slice(4000, 12_000)) / (AMPLITUDE / Math.sqrt(2)));
        assertTrue(attenuationDb < -40, "7.9 kHz attenuated by only " + attenuationDb + " dB");
    }

    @Test
    void keepsA9kHzToneFromFoldingBackTo7kHz() {
        PcmAudio converted = new Resampler(44_100, TARGET).resample(sine(9000, 44_100, 1.0));

        double attenuationDb = 20 * Math.log10(rms(converted.slice(4000, 12_000)) / (AMPLITUDE / Math.sqrt(2)));
        assertTrue(attenuationDb < -60, "9 kHz alias attenuated by only " + attenuationDb + " dB");
    }

    @Test
    void passesSpeechBandFlat() {
        PcmAudio converted = new Resampler(48_000, TARGET).resample(sine(7000, 48_000, 1.0));

        assertEquals(AMPLITUDE / Math.sqrt(2), rms(converted.slice(4000, 12_000)), AMPLITUDE / 100);
    }

    @Test
    void keepsDcExactly() {
        short[] constant = new short[48_000];
        java.util.Arrays.fill(constant, (short) 1234);

        PcmAudio converted = new Resampler(48_000, TARGET).resample(new PcmAudio(constant, 48_000));

        for (int i = 200; i < converted.sampleCount() - 200; i++) {
            assertEquals(1234, converted.sampleAt(i), "sample " + i);
        }
    }

    @Test
    void sameRateIsIdentity() {
        PcmAudio audio = new PcmAudio(new short[] {1, -2, 3}, 16_000);

        assertSame(audio, new Resampler(16_000, 16_000).resample(audio));
        assertSame(audio, Resampler.resample(audio, 16_000));
        assertSame(audio, AudioConverter.toSpeechFormat(audio));
    }

    @Test
    void converterProducesMono16kHz() {
        PcmAudio converted = AudioConverter.toSpeechFormat(sine(440, 44_100, 0.5));

        assertEquals(16_000, converted.sampleRate());
        assertEquals(8000, converted.sampleCount());
    }

    @Test
    void rejectsAudioAtTheWrongRate() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new Resampler(48_000, TARGET).resample(sine(1000, 44_100, 0.1)));

        assertEquals("this resampler converts 48000 Hz audio but was given 44100 Hz", error.getMessage());
    }

    @Test
    void emptyAudioStaysEmpty() {
        assertEquals(0, new Resampler(48_000, TARGET).resample(new PcmAudio(new short[0], 48_000)).sampleCount());
    }

    static PcmAudio sine(double frequency, int rate, double seconds) {
        short[] samples = new short[(int) Math.round(rate * seconds)];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (short) Math.round(AMPLITUDE * Math.sin(2 * Math.PI * frequency * i / rate));
        }
        return new PcmAudio(samples, rate);
    }

    /** Frequency from the time between the first and last rising zero crossing, interpolated. */
    private static double frequencyByZeroCrossings(PcmAudio audio) {
        double first = -1;
        double last = -1;
        int crossings = 0;
        for (int i = 1; i < audio.sampleCount(); i++) {
            int before = audio.sampleAt(i - 1);
            int after = audio.sampleAt(i);
            if (before < 0 && after >= 0) {
                double at = i - 1 + (double) -before / (after - before);
                if (first < 0) {
                    first = at;
                }
                last = at;
                crossings++;
            }
        }
        return (crossings - 1) / ((last - first) / audio.sampleRate());
    }

    private static double peak(PcmAudio audio) {
        int peak = 0;
        for (int i = 0; i < audio.sampleCount(); i++) {
            peak = Math.max(peak, Math.abs(audio.sampleAt(i)));
        }
        return peak;
    }

    private static double rms(PcmAudio audio) {
        double sum = 0;
        for (int i = 0; i < audio.sampleCount(); i++) {
            sum += (double) audio.sampleAt(i) * audio.sampleAt(i);
        }
        return Math.sqrt(sum / audio.sampleCount());
    }
}
