package io.spacecaps.captions;

import io.spacecaps.schema.TranscriptEvent;

import java.util.List;

/** One caption on screen: what it says, line by line (without a speaker label), when, and whose utterance it is. */
record Cue(long startMs, long endMs, List<String> lines, TranscriptEvent utterance) {

    Cue {
        lines = List.copyOf(lines);
    }

    /** Whether it only says that its speaker, who declined captions, is talking. */
    boolean captionsOff() {
        return ReadingOrder.isCaptionsOff(utterance);
    }

    /** How fast it must be read: its characters (a line break counts as a space) over the time it is shown. */
    double charsPerSecond() {
        long shown = endMs - startMs;
        int chars = CueSplitter.chars(lines);
        return shown <= 0 ? (chars == 0 ? 0 : Double.POSITIVE_INFINITY) : chars * 1000.0 / shown;
    }
}
