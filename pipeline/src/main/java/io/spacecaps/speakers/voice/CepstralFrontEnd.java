package io.spacecaps.speakers.voice;

import java.util.Arrays;

/**
 * Streaming MFCC front end of one track: buffers PCM pushed in chunks of any size, computes a
 * Kaldi-compatible MFCC every 10 ms, and a mean-normalised copy using a sliding window of the
 * last {@value #CMN_WINDOW} frames, topped up with a prior mean while the track is young (Kaldi's
 * OnlineCmvn with Vosk's settings). Not thread-safe.
 */
final class CepstralFrontEnd {

    static final int CMN_WINDOW = 600;
    static final int CMN_PRIOR_FRAMES = 200;

    /** Receives every frame as it is computed; the arrays are reused for the next frame. */
    interface FrameConsumer {
        void accept(long index, float logEnergy, float[] cepstra, float[] normalised);
    }

    private final Mfcc mfcc;
    private final int dim;
    private final double[] priorMean;
    private short[] pending = new short[4096];
    private int pendingLength;
    private long nextFrame;
    private final float[] cepstra;
    private final float[] normalised;
    private final double[] windowSum;
    private final float[][] history = new float[CMN_WINDOW][];

    CepstralFrontEnd(int numCeps, double[] priorMean) {
        this.mfcc = new Mfcc(40, numCeps, 20, 7600);
        this.dim = numCeps;
        this.priorMean = priorMean;
        this.cepstra = new float[dim];
        this.normalised = new float[dim];
        this.windowSum = new double[dim];
    }

    /** Frames computed so far. */
    long frames() {
        return nextFrame;
    }

    void push(short[] samples, int offset, int length, FrameConsumer out) {
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pendingLength + length, 2 * pending.length));
        }
        System.arraycopy(samples, offset, pending, pendingLength, length);
        pendingLength += length;
        int start = 0;
        while (start + Mfcc.FRAME_LENGTH <= pendingLength) {
            float energy = (float) mfcc.compute(pending, start, cepstra);
            normalise();
            out.accept(nextFrame++, energy, cepstra, normalised);
            start += Mfcc.FRAME_SHIFT;
        }
        System.arraycopy(pending, start, pending, 0, pendingLength - start);
        pendingLength -= start;
    }

    private void normalise() {
        int slot = (int) (nextFrame % CMN_WINDOW);
        float[] leaving = history[slot];
        if (leaving == null) {
            leaving = new float[dim];
            history[slot] = leaving;
        } else {
            for (int d = 0; d < dim; d++) {
                windowSum[d] -= leaving[d];
            }
        }
        System.arraycopy(cepstra, 0, leaving, 0, dim);
        for (int d = 0; d < dim; d++) {
            windowSum[d] += cepstra[d];
        }
        long count = Math.min(nextFrame + 1, CMN_WINDOW);
        double priorFrames = Math.max(0, CMN_PRIOR_FRAMES - count);
        double total = count + priorFrames;
        for (int d = 0; d < dim; d++) {
            normalised[d] = (float) (cepstra[d] - (windowSum[d] + priorFrames * priorMean[d]) / total);
        }
    }
}
