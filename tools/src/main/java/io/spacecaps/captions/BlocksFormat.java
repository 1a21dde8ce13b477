package io.spacecaps.captions;

import io.spacecaps.schema.TranscriptEvent;
import java.util.List;

/**
 * The layout of published interview transcripts: the speaker's name, then what they said; a turn of
 * someone who declined captions is a paragraph {@code [Name: captions off]} of its own.
 */
final class BlocksFormat implements TranscriptFormat {

    @Override
    public String render(List<TranscriptEvent> finals) {
        StringBuilder out = new StringBuilder();
        for (SpeakerTurn turn : SpeakerTurn.byDisplayName(ReadingOrder.of(finals))) {
            if (turn.captionsOff()) {
                out.append(ReadingOrder.captionsOffNote(turn.speaker())).append("\n\n");
            } else {
                out.append(turn.speaker()).append(":\n\n").append(turn.text()).append("\n\n");
            }
        }
        return out.toString();
    }
}
