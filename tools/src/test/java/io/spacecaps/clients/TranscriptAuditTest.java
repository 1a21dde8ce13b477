package io.spacecaps.clients;

import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.Role;
import io.spacecaps.schema.Speaker;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the audit makes of a track's numbered finals: holes, pieces, repeats, and finals numbered otherwise. */
class TranscriptAuditTest {

    private static TranscriptEvent fin(String track, String utterance, String eventId, long startMs, long endMs, boolean end) {
        return TranscriptEvent.newBuilder().setEventId(eventId).setSpaceId("s").setTrackId(track).setUtteranceId(utterance)
                .setKind(TranscriptKind.FINAL).setRevision(0).setSpeaker(Speaker.newBuilder().setId("x").setDisplayName("X").setRole(Role.SPEAKER)
                        .setAttribution(Attribution.TRACK).setConfidence(1f).build())
                .setStartMs(startMs).setEndMs(endMs).setWallClockStart(Instant.EPOCH).setText("").setWords(List.of()).setLanguage("en")
                .setModel("m").setLastAudioCaptureTime(Instant.EPOCH).setEmitTime(Instant.EPOCH).setEndOfTrack(end).setMarkers(List.of())
                .build();
    }

    @Test
    void everyNumberOnceIsComplete() {
        TranscriptAudit.SpaceAudit audit = TranscriptAudit.of("s", List.of(
                fin("a", "a#0", "e0", 0, 1_000, false),
                // A final cut in pieces by speaker keeps its number.
                fin("a", "a#1/1", "e1a", 2_000, 2_500, false), fin("a", "a#1/2", "e1b", 2_500, 3_000, false),
                fin("a", "a#2", "e2", 4_000, 4_000, true),
                // Captions off: numbered otherwise, not counted.
                fin("b", "b#off@17", "off", 1_000, 1_100, false), fin("b", "b#0", "b0", 1_500, 2_000, false)));
        assertTrue(audit.complete(), audit.toString());
        assertEquals(Map.of("a", 2, "b", 0), audit.lastUtterance());
        assertEquals(List.of("a"), audit.ended());
        assertEquals(6, audit.finals());
    }

    @Test
    void aHoleIsNamedWithItsNeighboursTimesAndARepeatByItsId() {
        TranscriptAudit.SpaceAudit audit = TranscriptAudit.of("s", List.of(
                fin("a", "a#0", "e0", 0, 1_000, false),
                fin("a", "a#3", "e3", 9_000, 9_500, false),
                fin("a", "a#5", "e5", 12_000, 12_500, false),
                fin("a", "a#5", "e5", 12_000, 12_500, false)));
        assertFalse(audit.complete());
        assertEquals(List.of(new TranscriptAudit.Hole("a", 1, 2, 1_000, 9_000), new TranscriptAudit.Hole("a", 4, 4, 9_500, 12_000)),
                audit.holes());
        assertEquals(3, audit.missing());
        assertEquals(List.of("e5"), audit.repeated());
    }

    @Test
    void theFirstFinalsMissingIsAHoleFromTheStart() {
        TranscriptAudit.SpaceAudit audit = TranscriptAudit.of("s", List.of(fin("a", "a#2", "e2", 5_000, 6_000, true)));
        assertEquals(List.of(new TranscriptAudit.Hole("a", 0, 1, 0, 5_000)), audit.holes());
    }

    @Test
    void aTrackIdWithAHashIsReadFromItsOwnPrefix() {
        assertEquals(Optional.of(4), TranscriptAudit.utteranceNumber(fin("x#1", "x#1#4", "e", 0, 1, false)));
        assertEquals(Optional.empty(), TranscriptAudit.utteranceNumber(fin("x", "x#", "e", 0, 1, false)));
        assertEquals(Optional.empty(), TranscriptAudit.utteranceNumber(fin("x", "y#1", "e", 0, 1, false)));
    }
}
