package io.spacecaps.speakers.voice;

import java.util.Arrays;

/**
 * Tells voices apart on one track, online: every span of speech is given the label of the voice
 * it sounds most like, or a new label if it sounds like none of them. Labels count from 1 in order
 * of first appearance and are never renumbered or merged, so a caption once shown as
 * {@code Speaker 2} stays {@code Speaker 2}.
 *
 * <p>A voice is the duration-weighted mean direction of the embeddings it has learnt from. A span
 * joins the most similar voice when their cosine similarity reaches {@code threshold}. Below
 * {@code distinctBelow} for every voice it is clearly someone new, and founds a voice if it holds
 * {@code minNewVoiceMs} of speech. In between it is ambiguous. Spans that match no voice but
 * cannot found one (too short, or ambiguous) are labelled as the nearest voice with low confidence
 * and do not teach it; they are pooled as candidates instead, and a candidate founds a voice once
 * it holds enough speech ({@code minNewVoiceMs} if clearly new, {@code minAmbiguousVoiceMs} if
 * ambiguous), or teaches the voice it turns out to match. The two thresholds are hysteresis: one
 * short span of an unusual-sounding voice cannot split it, yet a clearly different voice gets its
 * label after a second of speech.
 *
 * <p>A turn that continues with no sign of a speaker change keeps its label down to the looser
 * {@code keepThreshold} ({@link #continueTurn}): the same voice's spans differ more from each other
 * than different voices' turns do from each other on the same microphone.
 *
 * <p>All state is in {@link State}, a Flink POJO, so an operator can keep it in keyed state:
 * {@link #snapshot()} copies it out and {@link #OnlineSpeakerClusterer(Config, State)} or
 * {@link #restore(State)} resumes from it. Not thread-safe.
 */
public final class OnlineSpeakerClusterer {

    /** How a span got its label. */
    public enum Decision {
        /** It matched a known voice, and taught it. */
        MATCHED,
        /** It founded a new voice (possibly together with earlier stray spans). */
        NEW_VOICE,
        /** It matched no voice but was too short, or too ambiguous, to found one: the nearest voice, untaught. */
        NEAREST
    }

    /** The label, how sure it is (0..1, 0.5 at the decision threshold), and how it was reached. */
    public record Assignment(int label, float confidence, Decision decision) {
    }

    /**
     * Defaults measured on synthetic Spaces (flite voices), a mix of real single-speaker recordings
     * and AMI meeting excerpts, with the i-vector embedder.
     *
     * @param threshold            cosine similarity at which a span joins a voice
     * @param keepThreshold        similarity at which a continuing turn keeps its voice
     * @param distinctBelow        below this similarity to every voice a span is clearly someone new;
     *                             between it and the threshold it is ambiguous
     * @param minNewVoiceMs        speech needed to found a new voice from clearly new spans
     * @param minAmbiguousVoiceMs  speech needed to found a new voice from ambiguous spans
     * @param maxVoices            labels never exceed this; past it spans join the nearest voice
     * @param maxWeightMs          cap on a voice's accumulated weight, so it keeps adapting slowly
     */
    public record Config(float threshold, float keepThreshold, float distinctBelow, long minNewVoiceMs,
                         long minAmbiguousVoiceMs, int maxVoices, long maxWeightMs) {

        public static final Config DEFAULT = new Config(0.70f, 0.50f, 0.55f, 1_000, 3_000, 16, 60_000);

        public Config {
            if (threshold <= -1 || threshold >= 1 || distinctBelow > threshold || keepThreshold > threshold
                    || keepThreshold <= -1) {
                throw new IllegalArgumentException(
                        "thresholds must be cosines with keepThreshold and distinctBelow at most threshold: " + this);
            }
            if (minNewVoiceMs < 0 || minAmbiguousVoiceMs < minNewVoiceMs || maxVoices < 1 || maxWeightMs <= 0) {
                throw new IllegalArgumentException("bad clusterer configuration " + this);
            }
        }

        /** This configuration with another join threshold (the other thresholds capped at it). */
        public Config withThreshold(float value) {
            return new Config(value, Math.min(keepThreshold, value), Math.min(distinctBelow, value), minNewVoiceMs,
                    minAmbiguousVoiceMs, maxVoices, maxWeightMs);
        }
    }

    /** Everything the clusterer knows about a track. A Flink POJO: public fields, no-arg constructor. */
    public static class State {
        /** Voice {@code i} has label {@code i + 1}: the weighted sum of its embeddings. */
        public float[][] voiceSums = new float[0][];
        /** Milliseconds of speech behind each voice (capped at maxWeightMs). */
        public long[] voiceWeightMs = new long[0];
        /** Unmatched short spans waiting for company: their embedding sums and evidence. */
        public float[][] candidateSums = new float[0][];
        public long[] candidateWeightMs = new long[0];
        /** End of the last span assigned, for callers that resume. */
        public long lastEndMs;

        public State() {
        }

        State copy() {
            State s = new State();
            s.voiceSums = deepCopy(voiceSums);
            s.voiceWeightMs = voiceWeightMs.clone();
            s.candidateSums = deepCopy(candidateSums);
            s.candidateWeightMs = candidateWeightMs.clone();
            s.lastEndMs = lastEndMs;
            return s;
        }

        private static float[][] deepCopy(float[][] rows) {
            float[][] out = new float[rows.length][];
            for (int i = 0; i < rows.length; i++) {
                out[i] = rows[i].clone();
            }
            return out;
        }
    }

    private static final int MAX_CANDIDATES = 4;

    private final Config config;
    private State state;

    public OnlineSpeakerClusterer() {
        this(Config.DEFAULT);
    }

    public OnlineSpeakerClusterer(Config config) {
        this(config, new State());
    }

    public OnlineSpeakerClusterer(Config config, State state) {
        this.config = config;
        this.state = state.copy();
    }

    public Config config() {
        return config;
    }

    /** A copy of the state, for Flink keyed state or a savepoint. */
    public State snapshot() {
        return state.copy();
    }

    public void restore(State snapshot) {
        this.state = snapshot.copy();
    }

    /** Number of voices (labels) so far. */
    public int voices() {
        return state.voiceSums.length;
    }

    /** Assigns a span with no preference for any label. */
    public Assignment assign(float[] embedding, long startMs, long endMs) {
        return assign(embedding, startMs, endMs, 0);
    }

    /**
     * Labels the span of speech {@code [startMs, endMs)} described by {@code embedding} (L2-normalised)
     * and learns from it. {@code preferredLabel} (0 for none) wins whenever the span matches that
     * voice, even if another matches slightly better: after a pause, the last speaker most likely
     * goes on.
     */
    public Assignment assign(float[] embedding, long startMs, long endMs, int preferredLabel) {
        return assign(embedding, startMs, endMs, preferredLabel, config.threshold());
    }

    /**
     * Labels more speech of a turn already labelled {@code label}, with no sign of a speaker change
     * in between: it keeps the label unless it matches that voice less than {@code keepThreshold}.
     * The same voice's spans vary more than its turns do, so this is looser than joining a voice.
     */
    public Assignment continueTurn(float[] embedding, long startMs, long endMs, int label) {
        return assign(embedding, startMs, endMs, label, config.keepThreshold());
    }

    private Assignment assign(float[] embedding, long startMs, long endMs, int preferredLabel, float keepThreshold) {
        long durationMs = Math.max(0, endMs - startMs);
        state.lastEndMs = Math.max(state.lastEndMs, endMs);
        int voices = state.voiceSums.length;
        if (voices == 0) {
            // Nothing to compare with: the first voice needs no evidence threshold.
            return new Assignment(found(embedding, durationMs), 1f, Decision.NEW_VOICE);
        }
        float[] similarity = new float[voices];
        int best = 0;
        int second = -1;
        for (int v = 0; v < voices; v++) {
            similarity[v] = VoiceEmbedder.similarity(embedding, direction(state.voiceSums[v]));
            if (similarity[v] > similarity[best]) {
                second = best;
                best = v;
            } else if (v != best && (second < 0 || similarity[v] > similarity[second])) {
                second = v;
            }
        }
        float threshold = config.threshold();
        int preferred = preferredLabel - 1;
        if (preferred >= 0 && preferred < voices && similarity[preferred] >= keepThreshold) {
            learn(preferred, embedding, durationMs);
            float rival = best == preferred
                    ? (second < 0 ? threshold : Math.max(threshold, similarity[second]))
                    : similarity[best];
            return new Assignment(preferredLabel, confidence(similarity[preferred], rival), Decision.MATCHED);
        }
        if (similarity[best] >= threshold) {
            learn(best, embedding, durationMs);
            float rival = second < 0 ? threshold : Math.max(threshold, similarity[second]);
            return new Assignment(best + 1, confidence(similarity[best], rival), Decision.MATCHED);
        }
        // Like no known voice.
        if (voices < config.maxVoices()) {
            boolean distinct = similarity[best] < config.distinctBelow();
            if (distinct && durationMs >= config.minNewVoiceMs()) {
                return new Assignment(found(embedding, durationMs), confidence(threshold, similarity[best]),
                        Decision.NEW_VOICE);
            }
            int candidate = poolCandidate(embedding, durationMs);
            if (candidate >= 0) {
                float[] pooled = direction(state.candidateSums[candidate]);
                long weight = state.candidateWeightMs[candidate];
                int nearest = nearestVoice(pooled);
                float pooledSimilarity = VoiceEmbedder.similarity(pooled, direction(state.voiceSums[nearest]));
                if (pooledSimilarity >= threshold) {
                    // Together the stray spans sound like a known voice after all: they teach it.
                    float[] sum = state.candidateSums[candidate];
                    dropCandidate(candidate);
                    learnSum(nearest, sum, weight);
                } else if (weight >= (pooledSimilarity < config.distinctBelow()
                        ? config.minNewVoiceMs() : config.minAmbiguousVoiceMs())) {
                    float[] sum = state.candidateSums[candidate];
                    dropCandidate(candidate);
                    return new Assignment(foundFromSum(sum, weight), confidence(threshold, pooledSimilarity),
                            Decision.NEW_VOICE);
                }
            }
        }
        // Too little evidence for a new voice: the nearest one, without teaching it.
        return new Assignment(best + 1, Math.min(0.5f, confidence(similarity[best], threshold)), Decision.NEAREST);
    }

    private int nearestVoice(float[] direction) {
        int best = 0;
        float bestSimilarity = Float.NEGATIVE_INFINITY;
        for (int v = 0; v < state.voiceSums.length; v++) {
            float s = VoiceEmbedder.similarity(direction, direction(state.voiceSums[v]));
            if (s > bestSimilarity) {
                best = v;
                bestSimilarity = s;
            }
        }
        return best;
    }

    /** Cosine similarity of {@code embedding} to voice {@code label}, without learning; -1 if there is none. */
    public float similarityTo(float[] embedding, int label) {
        if (label < 1 || label > state.voiceSums.length) {
            return -1;
        }
        return VoiceEmbedder.similarity(embedding, direction(state.voiceSums[label - 1]));
    }

    private static float confidence(float chosen, float rival) {
        return Math.max(0f, Math.min(1f, 0.5f + 2.5f * (chosen - rival)));
    }

    private int found(float[] embedding, long durationMs) {
        float[] sum = embedding.clone();
        scale(sum, Math.max(1, durationMs));
        return foundFromSum(sum, Math.max(1, durationMs));
    }

    private int foundFromSum(float[] sum, long weightMs) {
        int n = state.voiceSums.length;
        state.voiceSums = Arrays.copyOf(state.voiceSums, n + 1);
        state.voiceSums[n] = sum.clone();
        state.voiceWeightMs = Arrays.copyOf(state.voiceWeightMs, n + 1);
        state.voiceWeightMs[n] = Math.min(weightMs, config.maxWeightMs());
        rescale(n);
        return n + 1;
    }

    private void learn(int voice, float[] embedding, long durationMs) {
        float[] sum = state.voiceSums[voice];
        for (int i = 0; i < sum.length; i++) {
            sum[i] += durationMs * embedding[i];
        }
        state.voiceWeightMs[voice] += durationMs;
        rescale(voice);
    }

    private void learnSum(int voice, float[] weightedSum, long weightMs) {
        float[] sum = state.voiceSums[voice];
        for (int i = 0; i < sum.length; i++) {
            sum[i] += weightedSum[i];
        }
        state.voiceWeightMs[voice] += weightMs;
        rescale(voice);
    }

    /** Keeps a voice's weight at most maxWeightMs, so new speech always moves it a little. */
    private void rescale(int voice) {
        long weight = state.voiceWeightMs[voice];
        if (weight > config.maxWeightMs()) {
            float[] sum = state.voiceSums[voice];
            scale(sum, (double) config.maxWeightMs() / weight);
            state.voiceWeightMs[voice] = config.maxWeightMs();
        }
    }

    /** Adds the span to the most similar candidate (if similar enough) or as a new one; returns its index. */
    private int poolCandidate(float[] embedding, long durationMs) {
        int best = -1;
        float bestSimilarity = config.distinctBelow();
        for (int c = 0; c < state.candidateSums.length; c++) {
            float s = VoiceEmbedder.similarity(embedding, direction(state.candidateSums[c]));
            if (s >= bestSimilarity) {
                best = c;
                bestSimilarity = s;
            }
        }
        if (durationMs == 0) {
            return best;
        }
        if (best >= 0) {
            float[] sum = state.candidateSums[best];
            for (int i = 0; i < sum.length; i++) {
                sum[i] += durationMs * embedding[i];
            }
            state.candidateWeightMs[best] += durationMs;
            return best;
        }
        if (state.candidateSums.length == MAX_CANDIDATES) {
            dropCandidate(0);
        }
        int n = state.candidateSums.length;
        state.candidateSums = Arrays.copyOf(state.candidateSums, n + 1);
        float[] sum = embedding.clone();
        scale(sum, durationMs);
        state.candidateSums[n] = sum;
        state.candidateWeightMs = Arrays.copyOf(state.candidateWeightMs, n + 1);
        state.candidateWeightMs[n] = durationMs;
        return n;
    }

    private void dropCandidate(int c) {
        int n = state.candidateSums.length;
        float[][] sums = new float[n - 1][];
        long[] weights = new long[n - 1];
        for (int i = 0, j = 0; i < n; i++) {
            if (i != c) {
                sums[j] = state.candidateSums[i];
                weights[j++] = state.candidateWeightMs[i];
            }
        }
        state.candidateSums = sums;
        state.candidateWeightMs = weights;
    }

    private static float[] direction(float[] sum) {
        return VoiceEmbedder.normalise(sum.clone());
    }

    private static void scale(float[] v, double factor) {
        for (int i = 0; i < v.length; i++) {
            v[i] *= (float) factor;
        }
    }
}
