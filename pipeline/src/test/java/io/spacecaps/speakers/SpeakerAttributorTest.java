package io.spacecaps.speakers;

import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.CaptionMarker;
import io.spacecaps.schema.MarkerType;
import io.spacecaps.schema.Role;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import io.spacecaps.schema.Speaker;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.schema.Word;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SpeakerAttributorTest {

    private static final long START = 1_700_000_000_000L;
    private KeyedTwoInputStreamOperatorTestHarness<String, TranscriptEvent, SpeakerEvidence, TranscriptEvent> harness;
    private int utterance;

    @BeforeEach
    void setUp() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new SpeakerAttributor(3_000, false),
                TranscriptEvent::getSpaceId, SpeakerEvidence::spaceId, Types.STRING);
        harness.setProcessingTime(0);
        room(SpaceEventType.SPACE_STARTED, 0, null, null, null);
    }

    private void room(SpaceEventType type, long atMs, String participant, String name, Role role) throws Exception {
        harness.processElement2(new StreamRecord<>(SpeakerEvidence.of(SpaceEvent.newBuilder().setSpaceId("s1").setType(type)
                .setTime(Instant.ofEpochMilli(START + atMs)).setParticipantId(participant).setDisplayName(name).setRole(role).build())));
    }

    /** A final from {@code participant}'s own track (or a mixed track when null), words 200 ms apart from {@code startMs}. */
    private TranscriptEvent caption(String participant, long startMs, String text) {
        boolean mixed = participant == null;
        List<Word> words = new ArrayList<>();
        long t = startMs;
        for (String w : text.split(" ")) {
            words.add(new Word(w, t, t + 180, 1f));
            t += 200;
        }
        return TranscriptEvent.newBuilder()
                .setEventId("e" + utterance).setSpaceId("s1").setTrackId(mixed ? "mixed" : participant)
                .setUtteranceId((mixed ? "mixed" : participant) + "#" + utterance++).setKind(TranscriptKind.FINAL).setRevision(0)
                .setSpeaker(Speaker.newBuilder().setId(participant).setDisplayName(mixed ? "Speaker 1" : participant)
                        .setAttribution(mixed ? Attribution.UNKNOWN : Attribution.TRACK).setConfidence(mixed ? 0 : 1).build())
                .setStartMs(startMs).setEndMs(t - 20).setWallClockStart(Instant.ofEpochMilli(START + startMs)).setText(text)
                .setWords(words).setLanguage("en").setModel("m").setLastAudioCaptureTime(Instant.EPOCH)
                .setEmitTime(Instant.EPOCH).build();
    }

    private List<TranscriptEvent> send(TranscriptEvent caption) throws Exception {
        int before = harness.extractOutputValues().size();
        harness.processElement1(new StreamRecord<>(caption));
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
    void aFinalWaitsForARosterThatArrivesAfterTheAudio() throws Exception {
        assertEquals(List.of(), send(caption("p2", 500, "first words")), "held: the roster does not know p2 yet");
        room(SpaceEventType.PARTICIPANT_JOINED, 0, "p2", "Elon Musk", Role.HOST);
        assertEquals("Elon Musk", last().getDisplayName(), "released as soon as the roster knows");

        send(caption("p3", 900, "nobody told us"));
        harness.setProcessingTime(3_000);
        assertEquals("p3", last().getDisplayName(), "after the wait: the participant id, with lower confidence");
        assertEquals(0.5f, last().getConfidence());
    }

    @Test
    void speakingIndicatorsNameAMixedTrackAndSplitAnUtteranceWhereTheSpeakerChanges() throws Exception {
        room(SpaceEventType.PARTICIPANT_JOINED, 0, "host", "Elon Musk", Role.HOST);
        room(SpaceEventType.PARTICIPANT_JOINED, 0, "guest", "James Clayton", Role.SPEAKER);
        room(SpaceEventType.SPEAKING_STARTED, 1_000, "guest", null, null);
        room(SpaceEventType.SPEAKING_STOPPED, 1_600, "guest", null, null);
        room(SpaceEventType.SPEAKING_STARTED, 1_600, "host", null, null);
        room(SpaceEventType.SPEAKING_STOPPED, 3_000, "host", null, null);
        // Words at 1000, 1200, 1400 (guest) and 1600, 1800 (host).
        List<TranscriptEvent> out = send(caption(null, 1_000, "are you sleeping what hate"));
        assertEquals(2, out.size());
        assertEquals("James Clayton", out.get(0).getSpeaker().getDisplayName());
        assertEquals("are you sleeping", out.get(0).getText());
        assertEquals(Attribution.SPEAKING_INDICATOR, out.get(0).getSpeaker().getAttribution());
        assertEquals("Elon Musk", out.get(1).getSpeaker().getDisplayName());
        assertEquals("what hate", out.get(1).getText());
        assertEquals(1_600, out.get(1).getStartMs());
        assertTrue(out.get(0).getUtteranceId().endsWith("/1") && out.get(1).getUtteranceId().endsWith("/2"));
        assertTrue(!out.get(0).getEventId().equals(out.get(1).getEventId()));
    }

    @Test
    void aMixedTrackFinalWaitsForVoiceLabelsIsSplitByVoiceAndVoicesTakeNamesFromIndicators() throws Exception {
        var voiced = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(new SpeakerAttributor(3_000, true),
                TranscriptEvent::getSpaceId, SpeakerEvidence::spaceId, Types.STRING);
        voiced.processElement2(new StreamRecord<>(SpeakerEvidence.of(SpaceEvent.newBuilder().setSpaceId("s1")
                .setType(SpaceEventType.SPACE_STARTED).setTime(Instant.ofEpochMilli(START)).build())));
        voiced.processElement2(new StreamRecord<>(SpeakerEvidence.of(SpaceEvent.newBuilder().setSpaceId("s1")
                .setType(SpaceEventType.PARTICIPANT_JOINED).setTime(Instant.ofEpochMilli(START)).setParticipantId("host")
                .setDisplayName("Elon Musk").build())));
        voiced.processElement2(new StreamRecord<>(SpeakerEvidence.of(SpaceEvent.newBuilder().setSpaceId("s1")
                .setType(SpaceEventType.SPEAKING_STARTED).setTime(Instant.ofEpochMilli(START + 1_600)).setParticipantId("host").build())));
        voiced.processElement1(new StreamRecord<>(caption(null, 1_000, "are you sleeping what hate")));
        assertEquals(List.of(), voiced.extractOutputValues(), "waits until the voices are settled past its end");

        voiced.processElement2(new StreamRecord<>(SpeakerEvidence.of(voice(1_000, 1_590, 1, 0))));
        voiced.processElement2(new StreamRecord<>(SpeakerEvidence.of(voice(1_600, 2_000, 2, 0))));
        assertEquals(List.of(), voiced.extractOutputValues());
        voiced.processElement2(new StreamRecord<>(SpeakerEvidence.of(voice(0, 0, 0, 2_500))));
        assertEquals(List.of(), voiced.extractOutputValues(), "and for the room's indicators to pass its end");
        voiced.processElement2(new StreamRecord<>(SpeakerEvidence.of(SpaceEvent.newBuilder().setSpaceId("s1")
                .setType(SpaceEventType.SPEAKING_STOPPED).setTime(Instant.ofEpochMilli(START + 2_100)).setParticipantId("host").build())));

        List<TranscriptEvent> out = voiced.extractOutputValues();
        assertEquals(List.of("are you sleeping", "what hate"), out.stream().map(TranscriptEvent::getText).toList());
        assertEquals("Speaker 1", out.get(0).getSpeaker().getDisplayName(), "no indicator for voice 1: its label");
        assertEquals("voice-1", out.get(0).getSpeaker().getId());
        assertEquals(Attribution.VOICE, out.get(0).getSpeaker().getAttribution());
        assertEquals("Elon Musk", out.get(1).getSpeaker().getDisplayName(), "voice 2 spoke while the room said the host did");
        assertEquals(Attribution.VOICE, out.get(1).getSpeaker().getAttribution());
    }

    private static VoiceSegment voice(long startMs, long endMs, int label, long settledMs) {
        VoiceSegment v = new VoiceSegment();
        v.spaceId = "s1";
        v.trackId = "mixed";
        v.startMs = START + startMs;
        v.endMs = START + endMs;
        v.label = label;
        v.confidence = 0.9f;
        v.settledUpToMs = START + settledMs;
        return v;
    }

    @Test
    void aMixedTrackWithoutIndicatorsIsSpeakerOne() throws Exception {
        room(SpaceEventType.PARTICIPANT_JOINED, 0, "p1", "James Clayton", Role.SPEAKER);
        send(caption(null, 0, "hello there"));
        assertEquals("Speaker 1", last().getDisplayName());
        assertEquals(Attribution.UNKNOWN, last().getAttribution());
    }

    @Test
    void overlappingSpeechOnTwoTracksIsMarkedAsCrosstalkOnBoth() throws Exception {
        room(SpaceEventType.PARTICIPANT_JOINED, 0, "a", "Elon Musk", Role.HOST);
        room(SpaceEventType.PARTICIPANT_JOINED, 0, "b", "User", Role.SPEAKER);
        TranscriptEvent first = send(caption("a", 0, "i am saying that this is")).get(0);   // 0 .. 1180
        assertEquals(List.of(), first.getMarkers());
        TranscriptEvent second = send(caption("b", 700, "what hate speech")).get(0);      // 700 .. 1280
        assertEquals(List.of(new CaptionMarker(MarkerType.CROSSTALK, 700L, 1180L)), second.getMarkers());
        TranscriptEvent apart = send(caption("b", 5_000, "later on")).get(0);
        assertEquals(List.of(), apart.getMarkers(), "turn-taking is not crosstalk");
    }

    @Test
    void anEndedSpaceForgetsEverythingAfterAGracePeriod() throws Exception {
        room(SpaceEventType.PARTICIPANT_JOINED, 0, "p1", "James Clayton", Role.SPEAKER);
        room(SpaceEventType.SPACE_ENDED, 10_000, null, null, null);
        send(caption("p1", 9_000, "goodbye"));
        assertEquals("James Clayton", last().getDisplayName(), "captions just after the end keep names");
        harness.setProcessingTime(SpeakerAttributor.ENDED_SPACE_GRACE.toMillis());
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numProcessingTimeTimers());
    }
}
