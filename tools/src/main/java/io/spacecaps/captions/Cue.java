package io.spacecaps.captions;

import java.util.List;

/** One caption on screen: what it says, line by line, and when. */
record Cue(long startMs, long endMs, List<String> lines) {

    Cue {
        lines = List.copyOf(lines);
    }
}
