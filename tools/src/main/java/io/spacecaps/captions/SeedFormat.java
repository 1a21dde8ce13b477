package io.spacecaps.captions;

import io.spacecaps.schema.TranscriptEvent;
import java.util.List;

/**
 * {@code [Name] text} per speaker turn, the format of the reference transcripts we score against; a
 * turn of someone who declined captions is a line {@code [Name: captions off]}.
 */
final class SeedFormat implements TranscriptFormat {

    @Override
    public String render(List<TranscriptEvent> finals) {
        StringBuilder out = new StringBuilder();
        for (SpeakerTurn turn : SpeakerTurn.byDisplayName(ReadingOrder.of(finals))) {
            if (turn.captionsOff()) {
                out.append(ReadingOrder.captionsOffNote(turn.speaker())).append('\n');
            } else {
                out.append('[').append(turn.speaker()).append("] ").append(turn.text()).append('\n');
            }
        }
        return out.toString();
    }
}
