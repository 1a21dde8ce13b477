package io.spacecaps.speakers;

/**
 * What the diarizer heard on a mixed track: voice {@code label} (1, 2, … in order of first
 * appearance, never renumbered) from {@code startMs} to {@code endMs} on the wall clock, or, with
 * label 0, only that labels are settled up to {@code settledUpToMs}. A Flink POJO.
 */
public class VoiceSegment {
    public String spaceId;
    public String trackId;
    public long startMs;
    public long endMs;
    public int label;
    public float confidence;
    /** Wall-clock ms up to which no label will change any more. */
    public long settledUpToMs;

    public VoiceSegment() {
    }
}
