package io.spacecaps.speakers.voice;

/**
 * Speech from {@code startMs} to {@code endMs} (exclusive, on the track's timeline) by the voice
 * {@code label} (1, 2, ... in order of first appearance), with the clusterer's confidence 0..1.
 */
public record LabelledSegment(long startMs, long endMs, int label, float confidence) {

    public LabelledSegment {
        if (label < 1 || endMs < startMs) {
            throw new IllegalArgumentException(
                    "impossible segment: label " + label + ", " + startMs + ".." + endMs + " ms");
        }
    }

    /** The name captions show, such as {@code Speaker 2}. */
    public String speakerName() {
        return "Speaker " + label;
    }

    public long durationMs() {
        return endMs - startMs;
    }
}
