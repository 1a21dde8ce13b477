package io.spacecaps.captions;

import io.spacecaps.schema.TranscriptEvent;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.spacecaps.captions.Utterances.ELON;
import static io.spacecaps.captions.Utterances.written;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The transcript of record takes committed finals only: a provisional copy from the live topic neither counts nor ends a track. */
class TranscriptCollectorTest {

    @Test
    void provisionalFinalsAreNotTheTranscriptOfRecord() {
        TranscriptCollector collector = new TranscriptCollector(List.of("t"));
        TranscriptEvent said = written(ELON, "t", 0, 0, 300, "What", "hate", "speech?");
        TranscriptEvent end = TranscriptEvent.newBuilder(Utterances.utterance(ELON, "t", 1, 900, 900, "", List.of())).setEndOfTrack(true).build();
        collector.accept(TranscriptEvent.newBuilder(said).setProvisional(true).build());
        collector.accept(TranscriptEvent.newBuilder(end).setProvisional(true).build());
        assertFalse(collector.complete(), "a provisional end does not end the track");
        assertTrue(collector.finals().isEmpty(), "nothing of record yet");
        collector.accept(said);
        collector.accept(end);
        assertTrue(collector.complete());
        assertEquals(2, collector.finals().size());
        assertTrue(collector.finals().stream().noneMatch(TranscriptEvent::getProvisional));
    }

    @Test
    void aRevisionReplacesTheFinalOfRecordAndTheLiveOneStaysAsShown() {
        TranscriptCollector collector = new TranscriptCollector(List.of("mixed"));
        TranscriptEvent shown = written(ELON, "mixed", 3, 5000, 300, "Thanks", "for", "having", "me.");
        TranscriptEvent revised = TranscriptEvent.newBuilder(shown).setEventId(shown.getEventId() + "-revised")
                .setRevision(shown.getRevision() + 1).setRevisionReason("second-pass diarization").setSpeaker(Utterances.JAMES).build();
        TranscriptEvent end = TranscriptEvent.newBuilder(Utterances.utterance(ELON, "mixed", 4, 9000, 9000, "", List.of())).setEndOfTrack(true).build();
        collector.accept(shown);
        collector.accept(revised);
        collector.accept(shown); // read again after a failover
        collector.accept(end);
        assertTrue(collector.complete());
        assertEquals(List.of(revised, end), collector.finals());
        assertEquals(List.of(shown, end), collector.finalsShownLive());
    }
}
