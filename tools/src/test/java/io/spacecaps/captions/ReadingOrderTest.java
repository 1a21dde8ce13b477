package io.spacecaps.captions;

import static io.spacecaps.captions.Utterances.ELON;
import static io.spacecaps.captions.Utterances.JAMES;
import static io.spacecaps.captions.Utterances.utterance;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spacecaps.schema.TranscriptEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadingOrderTest {

    @Test
    void keepsNonBlankFinalsSortedByStartThenTrack() {
        List<TranscriptEvent> ordered = ReadingOrder.of(Utterances.exchange());

        assertEquals(List.of("t-elon#0", "t-elon#1", "t-james#0", "t-elon#2"),
                ordered.stream().map(TranscriptEvent::getUtteranceId).toList());
    }

    @Test
    void breaksStartTiesByTrackAndDropsReplayedEvents() {
        TranscriptEvent james = utterance(JAMES, "t-james", 0, 1000, 2000, "yes", List.of());
        TranscriptEvent elon = utterance(ELON, "t-elon", 0, 1000, 2000, "no", List.of());

        assertEquals(List.of(elon, james), ReadingOrder.of(List.of(james, elon, james)));
    }

    /** The second pass at a mixed track's end named another voice: the revision replaces what was shown. */
    @Test
    void takesEachUtteranceAtItsNewestRevision() {
        TranscriptEvent shown = utterance(ELON, "mixed", 3, 5000, 5800, "thanks for having me", List.of());
        TranscriptEvent revised = TranscriptEvent.newBuilder(shown).setEventId(shown.getEventId() + "-revised")
                .setRevision(shown.getRevision() + 1).setRevisionReason("second-pass diarization").setSpeaker(JAMES).build();
        TranscriptEvent before = utterance(ELON, "mixed", 2, 1000, 2000, "we are talking about", List.of());

        assertEquals(List.of(before, revised), ReadingOrder.of(List.of(before, shown, revised, shown)));
        assertEquals(List.of(before, revised), ReadingOrder.of(List.of(revised, before, shown)), "whichever comes first");
    }
}
