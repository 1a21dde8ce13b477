package io.spacecaps.captions;

import io.spacecaps.schema.TranscriptEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Consecutive utterances of one speaker, read as one stretch of speech; or, with {@code captionsOff},
 * a stretch in which a speaker who declined captions was talking (no text).
 */
record SpeakerTurn(String speaker, String spaceId, long startMs, long endMs, String text, boolean captionsOff) {

    /** Merges every run of utterances whose speaker name is the same, however long the pauses. */
    static List<SpeakerTurn> byDisplayName(List<TranscriptEvent> ordered) {
        return merge(ordered, ReadingOrder::speakerName, Long.MAX_VALUE);
    }

    /**
     * Merges a run of utterances with the same {@code speakerKey} only while each starts less than
     * {@code maxGapMs} after the turn so far has ended. Spoken utterances and "captions off" notes
     * never merge with each other.
     */
    static List<SpeakerTurn> merge(List<TranscriptEvent> ordered, Function<TranscriptEvent, String> speakerKey,
            long maxGapMs) {
        List<SpeakerTurn> turns = new ArrayList<>();
        SpeakerTurn open = null;
        for (TranscriptEvent event : ordered) {
            String speaker = speakerKey.apply(event);
            boolean captionsOff = ReadingOrder.isCaptionsOff(event);
            String text = captionsOff ? "" : ReadingOrder.oneLine(event.getText());
            if (open != null && Objects.equals(open.speaker, speaker) && open.captionsOff == captionsOff
                    && event.getStartMs() - open.endMs < maxGapMs) {
                open = new SpeakerTurn(speaker, open.spaceId, open.startMs, Math.max(open.endMs, event.getEndMs()),
                        captionsOff ? "" : open.text + " " + text, captionsOff);
            } else {
                if (open != null) {
                    turns.add(open);
                }
                open = new SpeakerTurn(speaker, event.getSpaceId(), event.getStartMs(), event.getEndMs(), text, captionsOff);
            }
        }
        if (open != null) {
            turns.add(open);
        }
        return turns;
    }
}
