package io.spacecaps.captions;

import io.spacecaps.schema.TranscriptEvent;
import java.util.List;

/** WebVTT captions with the speaker in a voice tag, {@code <v Name>}, which players can style. */
final class WebVttFormat implements TranscriptFormat {

    @Override
    public String render(List<TranscriptEvent> finals) {
        StringBuilder out = new StringBuilder("WEBVTT\n\n");
        for (TranscriptEvent utterance : ReadingOrder.of(finals)) {
            // The voice tag is markup, not shown text, so it takes no room on the line.
            String voice = "<v " + escape(ReadingOrder.speakerName(utterance)) + ">";
            for (Cue cue : CueSplitter.split(utterance, 0)) {
                out.append(CueTime.format(cue.startMs(), '.')).append(" --> ")
                        .append(CueTime.format(cue.endMs(), '.')).append('\n')
                        .append(voice).append(escape(String.join("\n", cue.lines()))).append("\n\n");
            }
        }
        return out.toString();
    }

    /** Cue text and voice names may not hold a raw {@code &}, {@code <} or {@code >} (and so no "-->"). */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
