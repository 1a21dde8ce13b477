package io.spacecaps.audio;

import io.spacecaps.ingest.SincResampler;

/**
 * Band-limited sample-rate conversion of whole recordings, with the job's own filter
 * ({@link SincResampler}: Kaiser-windowed sinc, 80 dB stopband, -6 dB at 95% of the lower Nyquist),
 * so a file read by the tools and an Opus chunk decoded by the job are converted alike.
 * Instances are immutable and safe to share between threads.
 */
public final class Resampler {

    private final SincResampler filter;

    public Resampler(int sourceRate, int targetRate) {
        this.filter = new SincResampler(sourceRate, targetRate);
    }

    /** Resamples with a fresh filter; prefer a shared instance when converting many buffers. */
    public static PcmAudio resample(PcmAudio audio, int targetRate) {
        if (audio.sampleRate() == targetRate) {
            return audio;
        }
        return new Resampler(audio.sampleRate(), targetRate).resample(audio);
    }

    public int sourceRate() {
        return filter.sourceRate();
    }

    public int targetRate() {
        return filter.targetRate();
    }

    /** Filter taps applied per output sample, a measure of cost. */
    public int tapsPerOutputSample() {
        return filter.tapsPerOutputSample();
    }

    public PcmAudio resample(PcmAudio audio) {
        if (audio.sampleRate() != filter.sourceRate()) {
            throw new IllegalArgumentException("this resampler converts " + filter.sourceRate()
                    + " Hz audio but was given " + audio.sampleRate() + " Hz");
        }
        if (filter.sourceRate() == filter.targetRate()) {
            return audio;
        }
        return PcmAudio.adopt(filter.resample(audio.sharedSamples()), filter.targetRate());
    }
}
