package io.spacecaps.speakers.voice;


import java.util.ArrayList;
import java.util.List;

/**
 * Describes a voice by a fixed-length, L2-normalised vector: spans of the same voice point in
 * nearby directions, so cosine similarity (a dot product) compares voices.
 *
 * <p>Work is split so a live track pays for the audio analysis once: a per-track {@link Analyzer}
 * turns 16 kHz PCM into {@link VoiceFrame}s, and an {@link Accumulator} sums any set of frames into
 * the statistics an embedding is computed from. Overlapping windows therefore share their frames.
 */
public interface VoiceEmbedder {

    int SAMPLE_RATE = 16_000;

    /** Length of every embedding. */
    int dimension();

    /** A streaming analyser for one track; not thread-safe. */
    Analyzer newAnalyzer();

    /** An empty sum of frames. */
    Accumulator newAccumulator();

    /** Turns 16 kHz mono PCM, pushed in chunks of any size, into frames in order. */
    interface Analyzer {
        /** Analyses {@code samples[offset, offset + length)} and appends the frames completed to {@code out}. */
        void push(short[] samples, int offset, int length, List<VoiceFrame> out);

        /** The track has ended: appends the frames still held back for context. */
        void finish(List<VoiceFrame> out);
    }

    /** Sufficient statistics of a set of frames. Adding and removing the same frame cancels out. */
    interface Accumulator {
        void add(VoiceFrame frame);

        void remove(VoiceFrame frame);

        void clear();

        /** Speech frames summed so far. */
        int frames();

        /** The embedding of the frames summed so far (a zero vector if there are none). */
        float[] embedding();
    }

    /** The embedding of a whole span of 16 kHz mono PCM (every frame counted, no voice activity detection). */
    default float[] embed(short[] samples) {
        Analyzer analyzer = newAnalyzer();
        List<VoiceFrame> frames = new ArrayList<>();
        analyzer.push(samples, 0, samples.length, frames);
        analyzer.finish(frames);
        Accumulator sum = newAccumulator();
        frames.forEach(sum::add);
        return sum.embedding();
    }

    default float[] embed(short[] samples, int sampleRate) {
        if (sampleRate != SAMPLE_RATE) {
            throw new IllegalArgumentException("voice embeddings need " + SAMPLE_RATE + " Hz audio, got "
                    + sampleRate + " Hz; resample it first");
        }
        return embed(samples);
    }

    /** Cosine similarity of two L2-normalised embeddings. */
    static float similarity(float[] a, float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
        }
        return (float) dot;
    }

    /** Scales {@code v} to unit length in place (a zero vector stays zero). */
    static float[] normalise(float[] v) {
        double norm = 0;
        for (float x : v) {
            norm += x * x;
        }
        if (norm > 0) {
            float scale = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < v.length; i++) {
                v[i] *= scale;
            }
        }
        return v;
    }
}
