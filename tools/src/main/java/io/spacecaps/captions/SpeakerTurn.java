package io.spacecaps.captions;

import io.spacecaps.schema.TranscriptEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/** Consecutive utterances of one speaker, read as one stretch of speech. */
record SpeakerTurn(String speaker, String spaceId, long startMs, long endMs, String text) {

    /** Merges every run of utterances whose speaker name is the same, however long the pauses. */
    static List<SpeakerTurn> byDisplayName(List<TranscriptEvent> ordered) {
        return merge(ordered, ReadingOrder::speakerName, Long.MAX_VALUE);
    }

    /**
     * Merges a run of utterances with the same {@code speakerKey} only while each starts less than
     * {@code maxGapMs} after the turn so far has ended.
     */
    static List<SpeakerTurn> merge(List<TranscriptEvent> ordered, Function<TranscriptEvent, String> speakerKey,
            long maxGapMs) {
        List<SpeakerTurn> turns = new ArrayList<>();
        SpeakerTurn open = null;
        for (TranscriptEvent event : ordered) {
            String speaker = speakerKey.apply(event);
            String text = ReadingOrder.oneLine(event.getText());
            if (open != null && Objects.equals(open.speaker, speaker) && event.getStartMs() - open.endMs < maxGapMs) {
                open = new SpeakerTurn(speaker, open.spaceId, open.startMs, Math.max(open.endMs, event.getEndMs()),
                        open.text + " " + text);
            } else {
                if (open != null) {
                    turns.add(open);
                }
                open = new SpeakerTurn(speaker, event.getSpaceId(), event.getStartMs(), event.getEndMs(), text);
            }
        }
        if (open != null) {
            turns.add(open);
        }
        return turns;
    }
}
