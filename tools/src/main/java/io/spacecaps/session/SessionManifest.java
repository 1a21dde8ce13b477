package io.spacecaps.session;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A recorded Space: who was there, which audio file is which track, and what happened when.
 * Read from a JSON file (see the README for the format); track files are relative to it.
 */
public record SessionManifest(SpaceInfo space, List<Participant> participants, List<Track> tracks,
                              List<TimedEvent> events, Path baseDir) {

    /** {@code startedAt} is when the recording began (ISO-8601), for the record; replays start the Space now. */
    public record SpaceInfo(String id, String title, String startedAt, String language) {
    }

    public record Participant(String id, String displayName, String handle, String role) {
    }

    /** A track; no participant means a mixed track that carries several voices. */
    public record Track(String id, String file, String participantId) {
    }

    /** A room event {@code atMs} milliseconds after the Space's start. */
    public record TimedEvent(long atMs, String type, String participantId, String displayName, String handle,
                             String role) {
    }

    private static final ObjectMapper JSON = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    public SessionManifest {
        participants = participants == null ? List.of() : List.copyOf(participants);
        tracks = tracks == null ? List.of() : List.copyOf(tracks);
        events = events == null ? List.of() : List.copyOf(events);
    }

    /** Reads and checks a manifest; every problem is reported with the file's name. */
    public static SessionManifest read(Path file) throws IOException {
        SessionManifest parsed;
        try {
            Raw raw = JSON.readValue(file.toFile(), Raw.class);
            parsed = new SessionManifest(raw.space, raw.participants, raw.tracks, raw.events,
                    file.toAbsolutePath().getParent());
        } catch (JsonMappingException e) {
            throw new IOException(file + ": not a valid session manifest: " + e.getOriginalMessage(), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        List<String> problems = parsed.problems();
        if (!problems.isEmpty()) {
            throw new IOException(file + ": " + String.join("; ", problems));
        }
        return parsed;
    }

    /** A single WAV file as a Space with one mixed track (speakers unknown). */
    public static SessionManifest forRecording(Path wav, String language) {
        String stem = wav.getFileName().toString().replaceFirst("\\.[^.]*$", "");
        String id = stem.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
        return new SessionManifest(new SpaceInfo(id, stem, null, language), List.of(),
                List.of(new Track("mixed", wav.getFileName().toString(), null)), List.of(),
                wav.toAbsolutePath().getParent());
    }

    public Path fileOf(Track track) {
        return baseDir.resolve(track.file());
    }

    public Participant participant(String id) {
        return participants.stream().filter(p -> p.id().equals(id)).findFirst().orElse(null);
    }

    private List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (space == null || space.id() == null || space.id().isBlank()) {
            problems.add("\"space\" with an \"id\" is required");
        }
        if (tracks.isEmpty()) {
            problems.add("at least one entry in \"tracks\" is required");
        }
        Set<String> ids = new HashSet<>();
        for (Participant p : participants) {
            if (p.id() == null || p.displayName() == null) {
                problems.add("every participant needs an \"id\" and a \"displayName\"");
            } else if (!ids.add(p.id())) {
                problems.add("participant id '" + p.id() + "' is listed twice");
            }
            if (p.role() != null && !isRole(p.role())) {
                problems.add("participant '" + p.id() + "' has role '" + p.role() + "'; use HOST, COHOST, SPEAKER or LISTENER");
            }
        }
        Set<String> trackIds = new HashSet<>();
        for (Track t : tracks) {
            if (t.id() == null || t.file() == null) {
                problems.add("every track needs an \"id\" and a \"file\"");
                continue;
            }
            if (!trackIds.add(t.id())) {
                problems.add("track id '" + t.id() + "' is listed twice");
            }
            if (t.participantId() != null && !ids.contains(t.participantId())) {
                problems.add("track '" + t.id() + "' names participant '" + t.participantId() + "', who is not in \"participants\"");
            }
            if (baseDir != null && !Files.isRegularFile(baseDir.resolve(t.file()))) {
                problems.add("track '" + t.id() + "': file " + baseDir.resolve(t.file()) + " does not exist");
            }
        }
        for (TimedEvent e : events) {
            if (e.type() == null || !isEventType(e.type())) {
                problems.add("event at " + e.atMs() + " ms has type '" + e.type() + "'; see the README for the event types");
            } else if (e.participantId() != null && !ids.contains(e.participantId()) && !e.type().equals("PARTICIPANT_JOINED")) {
                problems.add("event " + e.type() + " at " + e.atMs() + " ms names unknown participant '" + e.participantId() + "'");
            }
            if (e.atMs() < 0) {
                problems.add("event " + e.type() + " has a negative time");
            }
        }
        return problems;
    }

    private static boolean isRole(String role) {
        return Set.of("HOST", "COHOST", "SPEAKER", "LISTENER").contains(role);
    }

    private static boolean isEventType(String type) {
        return Set.of("PARTICIPANT_JOINED", "PARTICIPANT_LEFT", "ROLE_CHANGED", "PARTICIPANT_RENAMED",
                "SPEAKING_STARTED", "SPEAKING_STOPPED").contains(type);
    }

    /** The JSON shape, before checking. */
    private static final class Raw {
        public SpaceInfo space;
        public List<Participant> participants;
        public List<Track> tracks;
        public List<TimedEvent> events;
    }
}
