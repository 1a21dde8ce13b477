package io.spacecaps.asr;

/**
 * What a fresh recogniser needs to reach the point a lost one had reached, kept in Flink keyed
 * state: the track's timeline and counters (the audio since the recogniser began is kept beside
 * it, as {@link FedAudio} pieces). A Flink POJO; a new instance for every update.
 */
public class RecognizerState {
    public String spaceId;
    public String trackId;
    public String participantId;
    public String language;
    public long spaceStartMs;
    public long originMs;
    /** Samples the track had consumed when the current recogniser was created. */
    public long recognizerStartSample;
    public long samples;
    public int utterance;
    public int revision;
    public String lastPartial;
    /** The words of the utterance's last partial, and how many of its leading words were declared stable. */
    public String[] lastPartialWords;
    /** For each place of {@link #lastPartialWords}: the audio heard (ms) when its word began to stand there. */
    public long[] stableSinceMs;
    public int stableWords;
    /** Gaps not yet reported on a final, as pairs of Space-timeline ms: start, end, start, end... */
    public long[] pendingGaps;

    public RecognizerState() {
    }
}
