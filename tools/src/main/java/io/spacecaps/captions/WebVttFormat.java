package io.spacecaps.captions;

import io.spacecaps.schema.TranscriptEvent;
import java.util.List;

/**
 * WebVTT captions, cut and timed for reading ({@link CueSplitter}), with the speaker in a voice tag,
 * {@code <v Name>}, which players can style. A speaker who declined captions gets a cue
 * {@code [Name: captions off]}, in their voice.
 */
final class WebVttFormat implements CueFormat {

    private final CueLimits limits;

    WebVttFormat(CueLimits limits) {
        this.limits = limits;
    }

    @Override
    public String render(List<TranscriptEvent> finals) {
        StringBuilder out = new StringBuilder("WEBVTT\n\n");
        for (Cue cue : cues(finals)) {
            append(out, cue);
        }
        return out.toString();
    }

    /** One cue, its timings, the speaker's voice tag and its lines, then a blank line. */
    static void append(StringBuilder out, Cue cue) {
        out.append(CueTime.format(cue.startMs(), '.')).append(" --> ")
                .append(CueTime.format(cue.endMs(), '.')).append('\n')
                .append("<v ").append(escape(ReadingOrder.speakerName(cue.utterance()))).append('>')
                .append(escape(String.join("\n", cue.lines()))).append("\n\n");
    }

    /** The voice tag is markup, not shown text, so it takes no room on the line. */
    @Override
    public List<Cue> cues(List<TranscriptEvent> finals) {
        return new CueSplitter(limits).cues(ReadingOrder.of(finals), u -> 0);
    }

    @Override
    public CueLimits limits() {
        return limits;
    }

    @Override
    public CueFormat withLimits(CueLimits limits) {
        return new WebVttFormat(limits);
    }

    /** Cue text and voice names may not hold a raw {@code &}, {@code <} or {@code >} (and so no "-->"). */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
