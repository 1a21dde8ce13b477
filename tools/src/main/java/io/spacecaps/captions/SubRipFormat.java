package io.spacecaps.captions;

import io.spacecaps.schema.TranscriptEvent;
import java.util.List;

/** SubRip (.srt) subtitles; every cue starts with {@code [Name] } so overlapping speakers stay clear. */
final class SubRipFormat implements TranscriptFormat {

    @Override
    public String render(List<TranscriptEvent> finals) {
        StringBuilder out = new StringBuilder();
        int number = 1;
        for (TranscriptEvent utterance : ReadingOrder.of(finals)) {
            String label = "[" + ReadingOrder.speakerName(utterance) + "] ";
            for (Cue cue : CueSplitter.split(utterance, label.length())) {
                out.append(number++).append('\n')
                        .append(CueTime.format(cue.startMs(), ',')).append(" --> ")
                        .append(CueTime.format(cue.endMs(), ',')).append('\n')
                        .append(label).append(String.join("\n", cue.lines())).append("\n\n");
            }
        }
        return out.toString();
    }
}
