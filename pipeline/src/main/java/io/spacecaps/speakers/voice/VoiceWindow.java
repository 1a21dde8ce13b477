package io.spacecaps.speakers.voice;

/**
 * What the second pass knows of a moment of speech on a mixed track: the embedding of the voiced
 * frames of {@link RecordingDiarizer#WINDOW_MS} around {@code centreMs}, and the label the live
 * diarizer gave that moment. Times are on the segmenter's track timeline until the voice stage moves
 * them to the wall clock for its state. A Flink POJO.
 */
public class VoiceWindow {
    public long centreMs;
    public int label;
    public float[] embedding;

    public VoiceWindow() {
    }

    VoiceWindow(long centreMs, int label, float[] embedding) {
        this.centreMs = centreMs;
        this.label = label;
        this.embedding = embedding;
    }

    VoiceWindow shiftedBy(long ms) {
        return new VoiceWindow(centreMs + ms, label, embedding);
    }
}
