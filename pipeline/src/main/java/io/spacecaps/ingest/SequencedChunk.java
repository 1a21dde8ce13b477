package io.spacecaps.ingest;

import io.spacecaps.schema.AudioChunk;

/**
 * A chunk in its track's order, with the length of audio that went missing just before it
 * (chunks that never came), which the recogniser hears as silence. A Flink POJO.
 */
public class SequencedChunk {
    public AudioChunk chunk;
    /** Milliseconds of missing audio before this chunk; 0 when the track is whole. */
    public long gapMs;

    public SequencedChunk() {
    }

    public SequencedChunk(AudioChunk chunk, long gapMs) {
        this.chunk = chunk;
        this.gapMs = gapMs;
    }
}
