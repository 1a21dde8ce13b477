package io.spacecaps.session;

import io.spacecaps.schema.Role;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The room events a replay publishes, built without a broker. */
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
