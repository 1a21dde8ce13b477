package io.spacecaps.ingest;

/**
 * Band-limited sample-rate conversion with a Kaiser-windowed sinc filter: the one resampler of
 * Spacecaps (the job's Opus decoding and the tools' file readers both use it).
 *
 * <p>The filter's -6 dB point sits at 95% of the lower Nyquist frequency with a transition band
 * 8% of that Nyquist wide and 80 dB of stopband rejection, so 48 kHz to 16 kHz keeps speech up to
 * about 7.3 kHz flat and removes everything from about 7.9 kHz up before it can fold back.
 *
 * <p>Coefficients are precomputed per phase. When the reduced ratio {@code target/source = L/M}
 * has at most {@value #MAX_EXACT_PHASES} phases (all the usual rates), every output sample uses an
 * exact table row; for odd ratios the table holds {@value #INTERPOLATED_PHASES} phases and rows
 * are linearly interpolated. Instances are immutable and safe to share between threads.
 */
public final class SincResampler {

    private static final double CUTOFF_OF_NYQUIST = 0.95;
    private static final double TRANSITION_OF_NYQUIST = 0.08;
    private static final double STOPBAND_ATTENUATION_DB = 80;
    private static final int MAX_EXACT_PHASES = 1024;
    private static final int INTERPOLATED_PHASES = 512;

    private final int sourceRate;
    private final int targetRate;
    /** Output sample n sits at input position n * step / phases. */
    private final long phases;
    private final long step;
    private final int halfTaps;
    private final int taps;
    private final int tablePhases;
    private final boolean exactPhases;
    /** Row r (taps coefficients) is the filter for a fractional position r / tablePhases. */
    private final float[] table;

    public SincResampler(int sourceRate, int targetRate) {
        if (sourceRate <= 0 || targetRate <= 0) {
            throw new IllegalArgumentException("sample rates must be positive, got "
                    + sourceRate + " -> " + targetRate);
        }
        this.sourceRate = sourceRate;
        this.targetRate = targetRate;
        long divisor = gcd(sourceRate, targetRate);
        this.phases = targetRate / divisor;
        this.step = sourceRate / divisor;
        this.exactPhases = phases <= MAX_EXACT_PHASES;
        this.tablePhases = exactPhases ? (int) phases : INTERPOLATED_PHASES;

        double lowerNyquist = Math.min(sourceRate, targetRate) / 2.0;
        double cutoff = CUTOFF_OF_NYQUIST * lowerNyquist / sourceRate;
        double transitionRadians = 2 * Math.PI * TRANSITION_OF_NYQUIST * lowerNyquist / sourceRate;
        // Kaiser's estimate of the filter length needed for this attenuation and transition width.
        int length = (int) Math.ceil((STOPBAND_ATTENUATION_DB - 7.95) / (2.285 * transitionRadians)) + 1;
        // An even half-length makes taps a multiple of 4, which the unrolled dot product relies on.
        this.halfTaps = Math.max(2, ((length + 1) / 2 + 1) & ~1);
        this.taps = 2 * halfTaps;
        this.table = sourceRate == targetRate ? new float[0] : buildTable(cutoff);
    }

    public int sourceRate() {
        return sourceRate;
    }

    public int targetRate() {
        return targetRate;
    }

    /** Filter taps applied per output sample, a measure of cost. */
    public int tapsPerOutputSample() {
        return sourceRate == targetRate ? 1 : taps;
    }

    /**
     * How many output samples late an output must be for its filter to need no input after the
     * input sample at its own time: what a stream must lag to be converted piece by piece.
     */
    public int lookAheadOutputs() {
        return sourceRate == targetRate ? 0 : (int) ((halfTaps * phases + step - 1) / step);
    }

    /** The whole input at the target rate; what lies outside the input is silence. */
    public short[] resample(short[] input) {
        if (sourceRate == targetRate) {
            return input.clone();
        }
        long outputLength = (input.length * phases + step - 1) / step;
        if (outputLength > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("resampled audio of " + outputLength + " samples is too long");
        }
        return resample(input, 0, (int) outputLength);
    }

    /**
     * Output samples {@code [firstOutput, firstOutput + count)} of the input at the target rate, where
     * output n sits at input position {@code n * source / target} (so firstOutput may be negative);
     * what lies outside the input is silence.
     */
    public short[] resample(short[] input, long firstOutput, int count) {
        short[] output = new short[count];
        if (sourceRate == targetRate) {
            for (int n = 0; n < count; n++) {
                long i = firstOutput + n;
                output[n] = i >= 0 && i < input.length ? input[(int) i] : 0;
            }
            return output;
        }
        long stepWhole = step / phases;
        long stepFraction = step % phases;
        long index = Math.floorDiv(firstOutput * step, phases);
        long fraction = Math.floorMod(firstOutput * step, phases);
        for (int n = 0; n < count; n++) {
            long first = index - halfTaps + 1;
            double value;
            if (exactPhases) {
                value = dot(input, first, (int) fraction * taps);
            } else {
                double position = (double) fraction / phases * tablePhases;
                int row = (int) position;
                double weight = position - row;
                double lower = dot(input, first, row * taps);
                double upper = dot(input, first, (row + 1) * taps);
                value = lower + weight * (upper - lower);
            }
            output[n] = toShort(value);
            index += stepWhole;
            fraction += stepFraction;
            if (fraction >= phases) {
                fraction -= phases;
                index++;
            }
        }
        return output;
    }

    /** Filters input[first .. first + taps) with one table row; samples outside the input are silence. */
    private double dot(short[] input, long firstSample, int rowOffset) {
        float[] coefficients = table;
        if (firstSample >= 0 && firstSample + taps <= input.length) {
            int first = (int) firstSample;
            // Four accumulators break the add dependency chain; this loop is the whole cost.
            float a0 = 0, a1 = 0, a2 = 0, a3 = 0;
            for (int j = 0; j < taps; j += 4) {
                a0 += coefficients[rowOffset + j] * input[first + j];
                a1 += coefficients[rowOffset + j + 1] * input[first + j + 1];
                a2 += coefficients[rowOffset + j + 2] * input[first + j + 2];
                a3 += coefficients[rowOffset + j + 3] * input[first + j + 3];
            }
            return (double) a0 + a1 + a2 + a3;
        }
        int from = (int) Math.max(0, -firstSample);
        int to = (int) Math.max(0, Math.min(taps, input.length - firstSample));
        double sum = 0;
        for (int j = from; j < to; j++) {
            sum += coefficients[rowOffset + j] * input[(int) (firstSample + j)];
        }
        return sum;
    }

    /** Rounds to the nearest sample and clips. */
    private static short toShort(double value) {
        if (Double.isNaN(value)) {
            return 0;
        }
        long rounded = Math.round(value);
        return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, rounded));
    }

    private float[] buildTable(double cutoff) {
        float[] rows = new float[(tablePhases + 1) * taps];
        double beta = 0.1102 * (STOPBAND_ATTENUATION_DB - 8.7);
        double besselOfBeta = besselI0(beta);
        for (int row = 0; row <= tablePhases; row++) {
            double offset = (double) row / tablePhases;
            double[] coefficients = new double[taps];
            double sum = 0;
            for (int j = 0; j < taps; j++) {
                double t = offset + halfTaps - 1 - j;
                double ratio = t / halfTaps;
                double window = Math.abs(ratio) >= 1 ? 0 : besselI0(beta * Math.sqrt(1 - ratio * ratio)) / besselOfBeta;
                coefficients[j] = 2 * cutoff * sinc(2 * cutoff * t) * window;
                sum += coefficients[j];
            }
            // Normalising every phase to unit DC gain removes a faint ripple at the phase rate.
            for (int j = 0; j < taps; j++) {
                rows[row * taps + j] = (float) (coefficients[j] / sum);
            }
        }
        return rows;
    }

    private static double sinc(double x) {
        if (x == 0) {
            return 1;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** Modified Bessel function of the first kind, order 0, by its power series. */
    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double quarterSquare = x * x / 4;
        for (int k = 1; term > 1e-12 * sum; k++) {
            term *= quarterSquare / ((double) k * k);
            sum += term;
        }
        return sum;
    }

    private static long gcd(long a, long b) {
        while (b != 0) {
            long r = a % b;
            a = b;
            b = r;
        }
        return a;
    }
}
