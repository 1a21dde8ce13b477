package io.spacecaps.speakers;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.CaptionMarker;
import io.spacecaps.schema.MarkerType;
import io.spacecaps.schema.Role;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import io.spacecaps.schema.Speaker;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.testing.Captions;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static io.spacecaps.testing.Captions.SPACE_START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The speaker stage in Flink's keyed two-input harness, with the room's progress driven by watermarks. */
class SpeakerAttributorTest {

    private static final SpacecapsConfig CONFIG = SpacecapsConfig.fromArgs(new String[]{
            "--roster-wait-ms", "3000", "--max-hold-ms", "60000", "--idle-space-timeout-ms", "600000", "--source-idle-ms", "5000"});

    private KeyedTwoInputStreamOperatorTestHarness<String, TranscriptEvent, SpaceEvent, TranscriptEvent> harness;
    private int utterance;
    private SpeakerAttributor attributor;

    @BeforeEach
    void setUp() throws Exception {
        attributor = new SpeakerAttributor(CONFIG);
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(attributor,
                TranscriptEvent::getSpaceId, SpaceEvent::getSpaceId, Types.STRING);
        harness.setProcessingTime(0);
        room(SpaceEventType.SPACE_STARTED, 0, null, null, null);
    }

    private void room(SpaceEventType type, long atMs, String participant, String name, Role role) throws Exception {
        harness.processElement2(new StreamRecord<>(SpaceEvent.newBuilder().setSpaceId("s1").setType(type)
                .setTime(Instant.ofEpochMilli(SPACE_START + atMs)).setParticipantId(participant).setDisplayName(name).setRole(role).build(),
                SPACE_START + atMs));
    }

    /** The room has been heard up to {@code atMs} into the Space, on both inputs. */
    private void roomHeardUpTo(long atMs) throws Exception {
        harness.processBothWatermarks(new Watermark(SPACE_START + atMs));
    }

    /** A final from {@code participant}'s own track (a mixed track when null). */
    private TranscriptEvent caption(String participant, long startMs, String text) {
        return Captions.caption(TranscriptKind.FINAL, participant == null ? "mixed" : participant, participant,
                Captions.words(startMs, text), utterance++).build();
    }

    private List<TranscriptEvent> send(TranscriptEvent caption) throws Exception {
        int before = harness.extractOutputValues().size();
        harness.processElement1(new StreamRecord<>(caption, caption.getLastAudioCaptureTime().toEpochMilli()));
        List<TranscriptEvent> out = harness.extractOutputValues();
        return out.subList(before, out.size());
    }

    private Speaker last() {
        List<TranscriptEvent> out = harness.extractOutputValues();
        return out.get(out.size() - 1).getSpeaker();
    }

    @Test
    void aTrackCarriesTheNameAndRoleThatHeldWhenItWasSpoken() throws Exception {
        room(SpaceEventType.PARTICIPANT_JOINED, 0, "p1", "James Clayton", Role.SPEAKER);
        send(caption("p1", 1_000, "hello"));
        assertEquals("James Clayton", last().getDisplayName());
        assertEquals(Role.SPEAKER, last().getRole());
        assertEquals(Attribution.TRACK, last().getAttribution());
        assertEquals(1f, last().getConfidence());

        room(SpaceEventType.ROLE_CHANGED, 5_000, "p1", null, Role.COHOST);
        room(SpaceEventType.PARTICIPANT_RENAMED, 6_000, "p1", "J. Clayton", null);
        send(caption("p1", 4_000, "said before the rename"));
        assertEquals("James Clayton", last().getDisplayName(), "a late caption keeps the name of its time");
        assertEquals(Role.SPEAKER, last().getRole());
        send(caption("p1", 7_000, "said after"));
        assertEquals("J. Clayton", last().getDisplayName());
        assertEquals(Role.COHOST, last().getRole(), "a rename keeps the role");

        room(SpaceEventType.PARTICIPANT_LEFT, 8_000, "p1", null, null);
        send(caption("p1", 7_900, "last words"));
        assertEquals("J. Clayton", last().getDisplayName(), "captions in flight for someone who left keep the name");
        room(SpaceEventType.PARTICIPANT_JOINED, 20_000, "p1", "Jim", Role.LISTENER);
        send(caption("p1", 21_000, "back again"));
        assertEquals("Jim", last().getDisplayName(), "rejoined under a new name");
        assertEquals(Role.LISTENER, last().getRole());
    }

    @Test
    void aFinalWaitsForARosterThatArrivesAfterTheAudioUntilTheRoomHasMovedOn() throws Exception {
        assertEquals(List.of(), send(caption("p2", 500, "first words")), "held: the roster does not know p2 yet");
        room(SpaceEventType.PARTICIPANT_JOINED, 0, "p2", "Elon Musk", Role.HOST);
        assertEquals("Elon Musk", last().getDisplayName(), "released as soon as the roster knows");

        assertEquals(List.of(), send(caption("p3", 900, "nobody told us")));     // its last word ends at 1480
        roomHeardUpTo(1_480 + 2_999);
        assertEquals("Elon Musk", last().getDisplayName(), "the room is not yet roster-wait-ms past the final");
        roomHeardUpTo(1_480 + 3_000);
        assertEquals("p3", last().getDisplayName(), "the room moved on without naming p3: its id, with lower confidence");
        assertEquals(0.5f, last().getConfidence());
        assertEquals(0, harness.numEventTimeTimers(), "nothing waits for the room any more");
    }

    @Test
    void aHeldFinalHoldsBackTheLaterFinalsOfItsTrack() throws Exception {
        send(caption("p4", 500, "first"));
        room(SpaceEventType.PARTICIPANT_JOINED, 0, "p5", "Someone Else", Role.SPEAKER);
        assertEquals(List.of(), send(caption("p4", 2_000, "second")), "p4's first final still waits");
        assertEquals(1, send(caption("p5", 2_500, "other track")).size(), "other tracks do not wait");
        room(SpaceEventType.PARTICIPANT_JOINED, 0, "p4", "Ada", Role.SPEAKER);
        List<TranscriptEvent> out = harness.extractOutputValues();
        assertEquals(List.of("other track", "first", "second"), out.stream().map(TranscriptEvent::getText).toList());
    }

    @Test
    void whenTheRoomStandsStillWhatWaitsGoesOn() throws Exception {
        send(caption("p6", 500, "stuck"));
        harness.setProcessingTime(4_999);
        assertEquals(0, harness.extractOutputValues().size());
        harness.setProcessingTime(5_000);
        assertEquals("p6", last().getDisplayName(), "every source quiet for source-idle-ms (a recording's end): let go");
    }

    @Test
    void aRoomThatCrawlsIsBoundedByTheWallClock() throws Exception {
        send(caption("p7", 500, "slow"));
        for (long t = 5_000; t < 60_000; t += 5_000) {
            roomHeardUpTo(t / 100);                      // the room moves, but never 3 s past the final
            harness.setProcessingTime(t);
        }
        assertEquals(0, harness.extractOutputValues().size());
        harness.setProcessingTime(60_000);
        assertEquals("p7", last().getDisplayName(), "max-hold-ms bounds the wait, whatever the room does");
    }

    @Test
    void speakingIndicatorsCutAMixedTrackWhereTheSpeakerChangesOnceTheRoomHasPassedIt() throws Exception {
        room(SpaceEventType.PARTICIPANT_JOINED, 0, "host", "Elon Musk", Role.HOST);
        room(SpaceEventType.PARTICIPANT_JOINED, 0, "guest", "James Clayton", Role.SPEAKER);
        room(SpaceEventType.SPEAKING_STARTED, 1_000, "guest", null, null);
        room(SpaceEventType.SPEAKING_STOPPED, 1_600, "guest", null, null);
        room(SpaceEventType.SPEAKING_STARTED, 1_600, "host", null, null);
        // Words at 1000, 1200, 1400 (guest) and 1600, 1800 (host); the final's event time is 1980.
        assertEquals(List.of(), send(caption(null, 1_000, "are you sleeping what hate")), "the room has not been heard up to it");
        room(SpaceEventType.SPEAKING_STOPPED, 3_000, "host", null, null);
        roomHeardUpTo(1_980);
        List<TranscriptEvent> out = harness.extractOutputValues();
        assertEquals(2, out.size());
        assertEquals("James Clayton", out.get(0).getSpeaker().getDisplayName());
        assertEquals("are you sleeping", out.get(0).getText());
        assertEquals(Attribution.SPEAKING_INDICATOR, out.get(0).getSpeaker().getAttribution());
        assertEquals("Elon Musk", out.get(1).getSpeaker().getDisplayName());
        assertEquals("what hate", out.get(1).getText());
        assertEquals(1_600, out.get(1).getStartMs());
        assertTrue(out.get(0).getUtteranceId().endsWith("/1") && out.get(1).getUtteranceId().endsWith("/2"));
    }

    @Test
    void voicesTakeTheNameOfTheParticipantTheRoomSaidWasSpeaking() throws Exception {
        room(SpaceEventType.PARTICIPANT_JOINED, 0, "host", "Elon Musk", Role.HOST);
        room(SpaceEventType.SPEAKING_STARTED, 1_000, "host", null, null);
        room(SpaceEventType.SPEAKING_STOPPED, 3_000, "host", null, null);
        roomHeardUpTo(10_000);
        TranscriptEvent voiced = caption(null, 1_000, "what hate speech");
        voiced.setSpeaker(Speaker.newBuilder().setId("voice-2").setDisplayName("Speaker 2").setAttribution(Attribution.VOICE).setConfidence(0.9f).build());
        send(voiced);
        assertEquals("Elon Musk", last().getDisplayName(), "voice 2 spoke while the room said the host did");
        assertEquals(Attribution.VOICE, last().getAttribution());
        TranscriptEvent other = caption(null, 5_000, "and me");
        other.setSpeaker(Speaker.newBuilder().setId("voice-1").setDisplayName("Speaker 1").setAttribution(Attribution.VOICE).setConfidence(0.9f).build());
        send(other);
        assertEquals("Speaker 1", last().getDisplayName(), "no indicator for voice 1: its label");
    }

    @Test
    void aMixedTrackWithNeitherVoicesNorIndicatorsIsAnUnknownSpeaker() throws Exception {
        room(SpaceEventType.PARTICIPANT_JOINED, 0, "p1", "James Clayton", Role.SPEAKER);
        assertEquals(List.of(), send(caption(null, 0, "hello there")), "indicators may still come: it waits for the room");
        roomHeardUpTo(380);
        assertEquals("Unknown speaker", last().getDisplayName());
        assertEquals(Attribution.UNKNOWN, last().getAttribution());
    }

    @Test
    void overlappingSpeechOnTwoTracksIsMarkedAsCrosstalk() throws Exception {
        room(SpaceEventType.PARTICIPANT_JOINED, 0, "a", "Elon Musk", Role.HOST);
        room(SpaceEventType.PARTICIPANT_JOINED, 0, "b", "User", Role.SPEAKER);
        TranscriptEvent first = send(caption("a", 0, "i am saying that this is")).get(0);   // 0 .. 1180
        assertEquals(List.of(), first.getMarkers());
        TranscriptEvent second = send(caption("b", 700, "what hate speech")).get(0);      // 700 .. 1280
        assertEquals(List.of(new CaptionMarker(MarkerType.CROSSTALK, 700L, 1180L)), second.getMarkers());
        TranscriptEvent apart = send(caption("b", 5_000, "later on")).get(0);
        assertEquals(List.of(), apart.getMarkers(), "turn-taking is not crosstalk");
        assertEquals(1, attributor.crosstalkFinals(), "one final marked, one count: no metric per speaker");
    }

    @Test
    void anEndedSpaceForgetsEverythingAfterAGracePeriod() throws Exception {
        room(SpaceEventType.PARTICIPANT_JOINED, 0, "p1", "James Clayton", Role.SPEAKER);
        room(SpaceEventType.SPACE_ENDED, 10_000, null, null, null);
        send(caption("p1", 9_000, "goodbye"));
        assertEquals("James Clayton", last().getDisplayName(), "captions just after the end keep names");
        harness.setProcessingTime(io.spacecaps.spaces.SpaceLifetime.ENDED_SPACE_GRACE.toMillis());
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numProcessingTimeTimers());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void anEndedSpaceKeepsItsNamesWhileItsCaptionsStillArrive() throws Exception {
        // A recording replayed as fast as the broker takes it: its end event is read at once, its
        // captions come minutes later from a job that is behind, and still need the roster.
        long grace = io.spacecaps.spaces.SpaceLifetime.ENDED_SPACE_GRACE.toMillis();
        room(SpaceEventType.PARTICIPANT_JOINED, 0, "p1", "James Clayton", Role.SPEAKER);
        room(SpaceEventType.SPACE_ENDED, 140_000, null, null, null);
        harness.setProcessingTime(grace - 1);
        send(caption("p1", 60_000, "still on its way"));
        harness.setProcessingTime(2 * grace - 2);
        send(caption("p1", 120_000, "later still"));
        assertEquals("James Clayton", last().getDisplayName(), "more than the grace after the end, less after the last caption");
        assertEquals(1f, last().getConfidence());
        harness.setProcessingTime(3 * grace);
        assertEquals(0, harness.numKeyedStateEntries(), "forgotten once nothing more came for the grace");
        assertEquals(0, harness.numProcessingTimeTimers());
    }

    @Test
    void aSpaceThatGoesQuietWithoutAnEndIsForgottenAndItsLastFinalStillGoesOut() throws Exception {
        room(SpaceEventType.SPEAKING_STARTED, 0, "ghost", null, null);
        harness.setProcessingTime(1_000);
        send(caption("ghost", 500, "mid sentence and then"));
        assertEquals(0, harness.extractOutputValues().size(), "waits for a roster that never comes");
        // The room never moves on (no watermark): the final goes once the room has stood still...
        harness.setProcessingTime(1_000 + 5_000);
        assertEquals("mid sentence and then", harness.extractOutputValues().get(0).getText(), "the last words still go out");
        assertEquals("ghost", last().getDisplayName());
        // ...and the Space's quiet timeout forgets it.
        harness.setProcessingTime(1_000 + 600_000);
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numProcessingTimeTimers());
        assertEquals(0, harness.numEventTimeTimers());
    }
}
