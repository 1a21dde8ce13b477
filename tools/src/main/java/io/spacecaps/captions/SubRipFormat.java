package io.spacecaps.captions;

import io.spacecaps.schema.TranscriptEvent;
import java.util.List;

/**
 * SubRip (.srt) subtitles, cut and timed for reading ({@link CueSplitter}); every cue starts with
 * {@code [Name] } so overlapping speakers stay clear, and the label takes room on the first line. A
 * speaker who declined captions gets a cue {@code [Name: captions off]}.
 */
final class SubRipFormat implements CueFormat {

    private final CueLimits limits;

    SubRipFormat(CueLimits limits) {
        this.limits = limits;
    }

    @Override
    public String render(List<TranscriptEvent> finals) {
        StringBuilder out = new StringBuilder();
        int number = 1;
        for (Cue cue : cues(finals)) {
            out.append(number++).append('\n')
                    .append(CueTime.format(cue.startMs(), ',')).append(" --> ")
                    .append(CueTime.format(cue.endMs(), ',')).append('\n')
                    .append(cue.captionsOff() ? "" : label(cue.utterance()))
                    .append(unmarked(String.join("\n", cue.lines()))).append("\n\n");
        }
        return out.toString();
    }

    @Override
    public List<Cue> cues(List<TranscriptEvent> finals) {
        return new CueSplitter(limits).cues(ReadingOrder.of(finals),
                u -> ReadingOrder.isCaptionsOff(u) ? 0 : label(u).length());
    }

    @Override
    public CueLimits limits() {
        return limits;
    }

    @Override
    public CueFormat withLimits(CueLimits limits) {
        return new SubRipFormat(limits);
    }

    private static String label(TranscriptEvent utterance) {
        return "[" + unmarked(ReadingOrder.speakerName(utterance)) + "] ";
    }

    /**
     * SubRip has no escapes, but players read {@code <b>}, {@code <font>} and {@code {\an8}}-style
     * overrides in it: angle brackets become single guillemets and braces parentheses, so what was
     * said or someone's name shows as written and styles nothing.
     */
    static String unmarked(String text) {
        return text.replace('<', '\u2039').replace('>', '\u203A').replace('{', '(').replace('}', ')');
    }
}
