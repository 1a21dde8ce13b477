package io.spacecaps.eval;

/** One speaker talking from {@code startMs} to {@code endMs} (exclusive) on a track's timeline. */
public record SpeakerSegment(String speaker, long startMs, long endMs) {

    public SpeakerSegment {
        if (speaker == null || speaker.isBlank()) {
            throw new IllegalArgumentException("a segment needs a speaker");
        }
        if (startMs < 0 || endMs < startMs) {
            throw new IllegalArgumentException("impossible segment " + speaker + " " + startMs + ".." + endMs + " ms");
        }
    }

    public long durationMs() {
        return endMs - startMs;
    }
}
