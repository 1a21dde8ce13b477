package io.spacecaps.session;

import io.spacecaps.audio.PcmAudio;
import io.spacecaps.kafka.RawRecord;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.Role;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import io.spacecaps.schema.wire.WireFormat;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The records a replay publishes, built without a broker. */
class SessionPublisherTest {

    private static final Map<String, String> PHRASES = new LinkedHashMap<>(Map.of("b b c", "BBC"));

    private static SessionManifest manifest(List<SessionManifest.TimedEvent> events) {
        return new SessionManifest(
                new SessionManifest.SpaceInfo("s", "Title", null, "en", List.of("Starlink", "xAI"), PHRASES),
                List.of(new SessionManifest.Participant("elon", "Elon Musk", "@elonmusk", "HOST", false),
                        new SessionManifest.Participant("james", "James Clayton", null, "SPEAKER", true),
                        new SessionManifest.Participant("ada", "Ada", null, "LISTENER")),
                List.of(new SessionManifest.Track("t-elon", "elon.wav", "elon")), events, Path.of("/"));
    }

    @Test
    void theSpaceStartsWithItsVocabularyAndADeclinedParticipantJoinsWithCaptionsOff() {
        List<SpaceEvent> opening = SessionPublisher.opening(manifest(List.of()), "s-1", 1_000);

        SpaceEvent started = opening.get(0);
        assertEquals(SpaceEventType.SPACE_STARTED, started.getType());
        assertEquals(List.of("Starlink", "xAI"), started.getVocabulary());
        assertEquals(Map.of("b b c", "BBC"), started.getPhrases());
        assertEquals(List.of("elon", "james", "ada"), opening.subList(1, 4).stream().map(SpaceEvent::getParticipantId).toList());
        SpaceEvent elon = opening.get(1);
        assertEquals(Boolean.FALSE, elon.getCaptionsAllowed());
        assertEquals("t-elon", elon.getTrackId());
        assertEquals(Role.HOST, elon.getRole());
        assertNull(opening.get(2).getCaptionsAllowed(), "captioned: left at the schema's default");
        assertNull(opening.get(3).getCaptionsAllowed());
        opening.subList(1, 4).forEach(join -> {
            assertEquals(List.of(), join.getVocabulary());
            assertEquals(Map.of(), join.getPhrases());
        });
    }

    @Test
    void inMemoryTheRecordsAreWhatTheJobsKafkaSourceWouldRead() throws Exception {
        SessionManifest m = manifest(List.of(new SessionManifest.TimedEvent(150, "SPEAKING_STARTED", "elon", null, null, null)));
        PcmAudio quarterSecond = new PcmAudio(new short[4_000], 16_000);
        List<RawRecord> records = new ArrayList<>();
        try (SessionPublisher publisher = SessionPublisher.inMemory(records::add)) {
            publisher.publish(m, Map.of(m.tracks().get(0), quarterSecond), "s-1", 0, 100, null);
        }

        List<RawRecord> audio = records.stream().filter(r -> r.topic.equals(Topics.AUDIO.topicName())).toList();
        List<RawRecord> events = records.stream().filter(r -> r.topic.equals(Topics.EVENTS.topicName())).toList();
        assertEquals(records.size(), audio.size() + events.size(), "only the job's two input topics");
        WireFormat<AudioChunk> chunks = WireFormat.of(AudioChunk.class);
        List<AudioChunk> decoded = new ArrayList<>();
        for (RawRecord r : audio) {
            decoded.add(chunks.decode(r.value));
        }
        // 100 + 100 + 50 ms of audio, then the end of the track; numbered, stamped and keyed as in Kafka.
        assertEquals(List.of(0L, 1L, 2L, 3L), decoded.stream().map(AudioChunk::getSequence).toList());
        assertEquals(List.of(false, false, false, true), decoded.stream().map(AudioChunk::getEndOfTrack).toList());
        assertEquals(List.of(0L, 1L, 2L, 3L), audio.stream().map(r -> r.offset).toList());
        long start = decoded.get(0).getCaptureTime().toEpochMilli();
        assertEquals(List.of(start, start + 100, start + 200, start + 250), audio.stream().map(r -> r.timestamp).toList());
        assertTrue(audio.stream().allMatch(r -> new String(r.key, StandardCharsets.UTF_8).equals(Topics.audioKey("s-1", "t-elon"))));

        WireFormat<SpaceEvent> wire = WireFormat.of(SpaceEvent.class);
        List<SpaceEventType> types = new ArrayList<>();
        for (RawRecord r : events) {
            SpaceEvent event = wire.decode(r.value);
            types.add(event.getType());
            assertEquals(event.getTime().toEpochMilli(), r.timestamp, "stamped with its own time");
        }
        assertEquals(List.of(SpaceEventType.SPACE_STARTED, SpaceEventType.PARTICIPANT_JOINED, SpaceEventType.PARTICIPANT_JOINED,
                SpaceEventType.PARTICIPANT_JOINED, SpaceEventType.SPEAKING_STARTED, SpaceEventType.SPACE_ENDED), types);
        assertEquals(start + 150, events.get(4).timestamp);
    }

    @Test
    void aJoinAmongTheEventsCarriesTheParticipantsChoiceToo() {
        SessionManifest.TimedEvent join = new SessionManifest.TimedEvent(5_000, "PARTICIPANT_JOINED", "elon", "Elon", null, "SPEAKER");
        SessionManifest m = manifest(List.of(join));
        assertEquals(List.of("james", "ada"), SessionPublisher.opening(m, "s-1", 0).subList(1, 3).stream()
                .map(SpaceEvent::getParticipantId).toList());

        SpaceEvent event = SessionPublisher.roomEvent(m, "s-1", join, 5_000);
        assertEquals("Elon", event.getDisplayName());
        assertEquals(Boolean.FALSE, event.getCaptionsAllowed());
        SpaceEvent byIdOnly = SessionPublisher.roomEvent(m, "s-1",
                new SessionManifest.TimedEvent(6_000, "PARTICIPANT_JOINED", "elon", null, null, null), 6_000);
        assertEquals(Boolean.FALSE, byIdOnly.getCaptionsAllowed());
        assertNull(SessionPublisher.roomEvent(m, "s-1",
                new SessionManifest.TimedEvent(7_000, "PARTICIPANT_RENAMED", "elon", "E", null, null), 7_000).getCaptionsAllowed());
    }
}
