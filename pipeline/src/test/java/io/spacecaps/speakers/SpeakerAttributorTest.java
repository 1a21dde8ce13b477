package io.spacecaps.speakers;

import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.Role;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import io.spacecaps.schema.Speaker;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpeakerAttributorTest {

    private KeyedTwoInputStreamOperatorTestHarness<String, TranscriptEvent, SpaceEvent, TranscriptEvent> harness;
    private int utterance;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new SpeakerAttributor(),
                TranscriptEvent::getSpaceId, SpaceEvent::getSpaceId, Types.STRING);
        harness.open();
    }

    private void event(SpaceEventType type, String participant, String name, Role role) throws Exception {
        harness.processElement2(new StreamRecord<>(SpaceEvent.newBuilder().setSpaceId("s1").setType(type)
                .setTime(Instant.EPOCH).setParticipantId(participant).setDisplayName(name).setRole(role).build()));
    }

    private Speaker caption(String participant) throws Exception {
        boolean mixed = participant == null;
        harness.processElement1(new StreamRecord<>(TranscriptEvent.newBuilder()
                .setEventId("e" + utterance).setSpaceId("s1").setTrackId(mixed ? "mixed" : participant)
                .setUtteranceId("u#" + utterance++).setKind(TranscriptKind.FINAL).setRevision(0)
                .setSpeaker(Speaker.newBuilder().setId(participant).setDisplayName(mixed ? "Speaker 1" : participant)
                        .setAttribution(mixed ? Attribution.UNKNOWN : Attribution.TRACK).setConfidence(mixed ? 0 : 1).build())
                .setStartMs(0).setEndMs(1).setWallClockStart(Instant.EPOCH).setText("hello").setWords(List.of())
                .setLanguage("en").setModel("m").setLastAudioCaptureTime(Instant.EPOCH).setEmitTime(Instant.EPOCH).build()));
        List<TranscriptEvent> out = harness.extractOutputValues();
        return out.get(out.size() - 1).getSpeaker();
    }

    @Test
    void aTrackTakesTheNameAndRoleTheRosterHoldsWhenTheCaptionPasses() throws Exception {
        assertEquals("p1", caption("p1").getDisplayName(), "before the roster knows them: the participant id");
        event(SpaceEventType.PARTICIPANT_JOINED, "p1", "James Clayton", Role.SPEAKER);
        Speaker joined = caption("p1");
        assertEquals("James Clayton", joined.getDisplayName());
        assertEquals(Role.SPEAKER, joined.getRole());
        assertEquals(Attribution.TRACK, joined.getAttribution());
        assertEquals(1f, joined.getConfidence());

        event(SpaceEventType.ROLE_CHANGED, "p1", null, Role.COHOST);
        event(SpaceEventType.PARTICIPANT_RENAMED, "p1", "J. Clayton", null);
        Speaker renamed = caption("p1");
        assertEquals("J. Clayton", renamed.getDisplayName());
        assertEquals(Role.COHOST, renamed.getRole(), "a rename keeps the role");

        event(SpaceEventType.PARTICIPANT_LEFT, "p1", null, null);
        assertEquals("J. Clayton", caption("p1").getDisplayName(), "late captions keep the name of who left");
    }

    @Test
    void aMixedTrackIsSpeakerOneUntilVoicesAreTold() throws Exception {
        event(SpaceEventType.PARTICIPANT_JOINED, "p1", "James Clayton", Role.SPEAKER);
        Speaker mixed = caption(null);
        assertEquals("Speaker 1", mixed.getDisplayName());
        assertEquals(Attribution.UNKNOWN, mixed.getAttribution());
    }

    @Test
    void anEndedSpaceForgetsItsRosterAfterAGracePeriod() throws Exception {
        harness.setProcessingTime(0);
        event(SpaceEventType.PARTICIPANT_JOINED, "p1", "James Clayton", Role.SPEAKER);
        event(SpaceEventType.SPACE_ENDED, null, null, null);
        assertEquals("James Clayton", caption("p1").getDisplayName(), "captions just after the end keep names");
        assertEquals(1, harness.numProcessingTimeTimers());
        harness.setProcessingTime(SpeakerAttributor.ENDED_SPACE_GRACE.toMillis());
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numProcessingTimeTimers());
    }
}
