package io.spacecaps.captions;

import io.spacecaps.schema.TranscriptEvent;
import java.util.List;

/** Renders the settled captions of a Space as one document in some file format. */
public interface TranscriptFormat {

    /**
     * @param finals caption events in any order; PARTIAL events, FINAL events with blank text and
     *     repeated events are skipped, so a consumer can pass everything it read from a topic
     * @return the whole document; empty input gives an empty document
     */
    String render(List<TranscriptEvent> finals);

    /** The same format with these cue limits; a format without cues (seed, jsonl…) is returned as it is. */
    default TranscriptFormat withLimits(CueLimits limits) {
        return this;
    }

    /**
     * What rendering these finals could not keep within the format's limits, one sentence each, for
     * the user to read (the CLI prints them on standard error); empty when all is well.
     */
    default List<String> problems(List<TranscriptEvent> finals) {
        return List.of();
    }
}
