package io.spacecaps.stats;

/** One speaker's running figures in a Space ({@link SpaceTally}). A Flink POJO. */
public class SpeakerTally {
    public String speakerId;
    public String displayName;
    public long talkMs;
    public long words;
    public int turns;
    public int interruptions;
    public long overlapMs;
    public long longestMonologueMs;

    public SpeakerTally() {
    }
}
