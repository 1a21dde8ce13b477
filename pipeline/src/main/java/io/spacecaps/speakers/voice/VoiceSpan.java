package io.spacecaps.speakers.voice;

/**
 * A labelled stretch of a mixed track in Flink state: voice {@code label} from {@code startMs} to
 * {@code endMs} on the wall clock. A Flink POJO.
 */
public class VoiceSpan {
    public long startMs;
    public long endMs;
    public int label;
    public float confidence;

    public VoiceSpan() {
    }

    VoiceSpan(long startMs, long endMs, int label, float confidence) {
        this.startMs = startMs;
        this.endMs = endMs;
        this.label = label;
        this.confidence = confidence;
    }
}
