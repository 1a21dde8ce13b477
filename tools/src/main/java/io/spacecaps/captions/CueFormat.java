package io.spacecaps.captions;

import io.spacecaps.schema.TranscriptEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A subtitle format: the transcript as timed cues within {@link CueLimits}. */
interface CueFormat extends TranscriptFormat {

    /** The cues the document holds, in its order. */
    List<Cue> cues(List<TranscriptEvent> finals);

    CueLimits limits();

    @Override
    CueFormat withLimits(CueLimits limits);

    /** Each cue that must be read faster than the reading rate allows (speech faster than that, with no pause to extend into). */
    @Override
    default List<String> problems(List<TranscriptEvent> finals) {
        List<String> problems = new ArrayList<>();
        List<Cue> cues = cues(finals);
        for (int i = 0; i < cues.size(); i++) {
            Cue cue = cues.get(i);
            if (cue.charsPerSecond() > limits().maxCharsPerSecond() + 1e-9) {
                problems.add(String.format(Locale.ROOT, "cue %d (%s --> %s) reads at %.1f characters per second (limit %s): \"%s\"",
                        i + 1, CueTime.format(cue.startMs(), '.'), CueTime.format(cue.endMs(), '.'), cue.charsPerSecond(),
                        trim(limits().maxCharsPerSecond()), String.join(" ", cue.lines())));
            }
        }
        return problems;
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
