package io.spacecaps.speakers.voice;

/**
 * Mel-frequency cepstra of one 25 ms frame, computed the way Kaldi's {@code compute-mfcc-feats}
 * does with the Vosk model's {@code conf/mfcc.conf} (16 kHz, 40 mel bins from 20 to 7600 Hz, 40
 * cepstra, no energy, Povey window, pre-emphasis 0.97, lifter 22, no dither), so the features fit
 * the model's i-vector extractor. Not thread-safe: one instance per track.
 */
final class Mfcc {

    static final int SAMPLE_RATE = 16_000;
    static final int FRAME_LENGTH = 400;
    static final int FRAME_SHIFT = 160;
    private static final int FFT_SIZE = 512;
    private static final double PREEMPHASIS = 0.97;
    private static final double LIFTER = 22;
    private static final double LOG_FLOOR = Math.ulp(1.0f);

    private final int numBins;
    private final int numCeps;
    private final double[] window = new double[FRAME_LENGTH];
    /** Per mel bin: first FFT bin it covers and the triangle weights from there. */
    private final int[] binStart;
    private final double[][] binWeights;
    private final double[][] dct;
    private final double[] lifter;
    private final Fft fft = new Fft(FFT_SIZE);

    private final double[] re = new double[FFT_SIZE];
    private final double[] im = new double[FFT_SIZE];
    private final double[] melEnergies;

    Mfcc(int numBins, int numCeps, double lowFreq, double highFreq) {
        this.numBins = numBins;
        this.numCeps = numCeps;
        for (int i = 0; i < FRAME_LENGTH; i++) {
            window[i] = Math.pow(0.5 - 0.5 * Math.cos(2 * Math.PI * i / (FRAME_LENGTH - 1)), 0.85);
        }
        binStart = new int[numBins];
        binWeights = new double[numBins][];
        double melLow = mel(lowFreq);
        double melHigh = mel(highFreq);
        double melDelta = (melHigh - melLow) / (numBins + 1);
        double fftBinWidth = (double) SAMPLE_RATE / FFT_SIZE;
        for (int b = 0; b < numBins; b++) {
            double left = melLow + b * melDelta;
            double center = left + melDelta;
            double right = center + melDelta;
            int first = -1;
            int last = -1;
            double[] weights = new double[FFT_SIZE / 2];
            for (int k = 0; k < FFT_SIZE / 2; k++) {
                double m = mel(fftBinWidth * k);
                if (m > left && m < right) {
                    weights[k] = m <= center ? (m - left) / (center - left) : (right - m) / (right - center);
                    if (first < 0) {
                        first = k;
                    }
                    last = k;
                }
            }
            binStart[b] = Math.max(first, 0);
            binWeights[b] = java.util.Arrays.copyOfRange(weights, binStart[b], last + 1);
        }
        dct = new double[numCeps][numBins];
        for (int k = 0; k < numCeps; k++) {
            double scale = k == 0 ? Math.sqrt(1.0 / numBins) : Math.sqrt(2.0 / numBins);
            for (int n = 0; n < numBins; n++) {
                dct[k][n] = scale * Math.cos(Math.PI / numBins * (n + 0.5) * k);
            }
        }
        lifter = new double[numCeps];
        for (int k = 0; k < numCeps; k++) {
            lifter[k] = 1 + 0.5 * LIFTER * Math.sin(Math.PI * k / LIFTER);
        }
        melEnergies = new double[numBins];
    }

    static double mel(double hz) {
        return 1127.0 * Math.log(1 + hz / 700.0);
    }

    int numCeps() {
        return numCeps;
    }

    /**
     * Cepstra of {@code samples[from, from + 400)} into {@code out[0, numCeps)}; returns the frame's
     * log energy (natural log of the summed squares after removing its DC offset), for voice
     * activity detection.
     */
    double compute(short[] samples, int from, float[] out) {
        double mean = 0;
        for (int i = 0; i < FRAME_LENGTH; i++) {
            mean += samples[from + i];
        }
        mean /= FRAME_LENGTH;
        double energy = 0;
        for (int i = 0; i < FRAME_LENGTH; i++) {
            double x = samples[from + i] - mean;
            re[i] = x;
            energy += x * x;
        }
        for (int i = FRAME_LENGTH - 1; i > 0; i--) {
            re[i] -= PREEMPHASIS * re[i - 1];
        }
        re[0] -= PREEMPHASIS * re[0];
        for (int i = 0; i < FRAME_LENGTH; i++) {
            re[i] *= window[i];
        }
        java.util.Arrays.fill(re, FRAME_LENGTH, FFT_SIZE, 0);
        java.util.Arrays.fill(im, 0);
        fft.transform(re, im);
        for (int k = 0; k < FFT_SIZE / 2; k++) {
            re[k] = re[k] * re[k] + im[k] * im[k];
        }
        for (int b = 0; b < numBins; b++) {
            double sum = 0;
            double[] w = binWeights[b];
            int start = binStart[b];
            for (int j = 0; j < w.length; j++) {
                sum += w[j] * re[start + j];
            }
            melEnergies[b] = Math.log(Math.max(sum, LOG_FLOOR));
        }
        for (int k = 0; k < numCeps; k++) {
            double sum = 0;
            double[] row = dct[k];
            for (int n = 0; n < numBins; n++) {
                sum += row[n] * melEnergies[n];
            }
            out[k] = (float) (sum * lifter[k]);
        }
        return Math.log(Math.max(energy, LOG_FLOOR));
    }

    /** In-place iterative radix-2 complex FFT. */
    static final class Fft {
        private final int n;
        private final double[] cos;
        private final double[] sin;
        private final int[] reversed;

        Fft(int n) {
            if (Integer.bitCount(n) != 1) {
                throw new IllegalArgumentException("FFT size must be a power of two, got " + n);
            }
            this.n = n;
            cos = new double[n / 2];
            sin = new double[n / 2];
            for (int i = 0; i < n / 2; i++) {
                cos[i] = Math.cos(-2 * Math.PI * i / n);
                sin[i] = Math.sin(-2 * Math.PI * i / n);
            }
            reversed = new int[n];
            int bits = Integer.numberOfTrailingZeros(n);
            for (int i = 0; i < n; i++) {
                reversed[i] = Integer.reverse(i) >>> (32 - bits);
            }
        }

        void transform(double[] re, double[] im) {
            for (int i = 0; i < n; i++) {
                int j = reversed[i];
                if (j > i) {
                    double t = re[i];
                    re[i] = re[j];
                    re[j] = t;
                    t = im[i];
                    im[i] = im[j];
                    im[j] = t;
                }
            }
            for (int size = 2; size <= n; size <<= 1) {
                int half = size >> 1;
                int step = n / size;
                for (int start = 0; start < n; start += size) {
                    for (int k = 0; k < half; k++) {
                        double wr = cos[k * step];
                        double wi = sin[k * step];
                        int a = start + k;
                        int b = a + half;
                        double tr = re[b] * wr - im[b] * wi;
                        double ti = re[b] * wi + im[b] * wr;
                        re[b] = re[a] - tr;
                        im[b] = im[a] - ti;
                        re[a] += tr;
                        im[a] += ti;
                    }
                }
            }
        }
    }
}
