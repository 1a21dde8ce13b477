package io.spacecaps.captions;

import io.spacecaps.schema.TranscriptEvent;
import java.util.List;

/** The layout of published interview transcripts: the speaker's name, then what they said. */
final class BlocksFormat implements TranscriptFormat {

    @Override
    public String render(List<TranscriptEvent> finals) {
        StringBuilder out = new StringBuilder();
        for (SpeakerTurn turn : SpeakerTurn.byDisplayName(ReadingOrder.of(finals))) {
            out.append(turn.speaker()).append(":\n\n").append(turn.text()).append("\n\n");
        }
        return out.toString();
    }
}
