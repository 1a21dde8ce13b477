package io.spacecaps.session;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.spacecaps.text.ClosestName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A recorded Space: who was there, which audio file is which track, and what happened when.
 * Read from a JSON file (see the README for the format); track files are relative to it.
 */
public record SessionManifest(SpaceInfo space, List<Participant> participants, List<Track> tracks,
                              List<TimedEvent> events, Path baseDir) {

    /**
     * {@code startedAt} is when the recording began (ISO-8601), for the record; replays start the Space
     * now. {@code vocabulary}: words and names the captions write exactly as given ("Starlink", "xAI");
     * {@code phrases}: spoken forms and how to write them ("b b c" → "BBC").
     */
    public record SpaceInfo(String id, String title, String startedAt, String language, List<String> vocabulary,
                            Map<String, String> phrases) {

        public SpaceInfo {
            vocabulary = vocabulary == null ? List.of() : List.copyOf(vocabulary);
            phrases = phrases == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(phrases));
        }

        /** A Space with no vocabulary of its own. */
        public SpaceInfo(String id, String title, String startedAt, String language) {
            this(id, title, startedAt, language, List.of(), Map.of());
        }
    }

    /**
     * {@code captions}: false when the participant declined captions (their track is then neither
     * recognised nor stored; captions only say that they are speaking). Absent means true.
     */
    public record Participant(String id, String displayName, String handle, String role, Boolean captions) {

        public Participant(String id, String displayName, String handle, String role) {
            this(id, displayName, handle, role, null);
        }

        public boolean captionsAllowed() {
            return captions == null || captions;
        }
    }

    /** A track; no participant means a mixed track that carries several voices. */
    public record Track(String id, String file, String participantId) {
    }

    /** A room event {@code atMs} milliseconds after the Space's start. */
    public record TimedEvent(@JsonProperty(required = true) long atMs, String type, String participantId, String displayName,
                             String handle, String role) {
    }

    /**
     * Strict: a misspelt key ({@code particpantId}) would otherwise be dropped without a word, and a
     * per-speaker track silently become a mixed one.
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** The fields each event type needs besides its time: who, and what changed. */
    private static final Map<String, List<String>> REQUIRED_BY_EVENT_TYPE = Map.of(
            "PARTICIPANT_JOINED", List.of("participantId"),
            "PARTICIPANT_LEFT", List.of("participantId"),
            "ROLE_CHANGED", List.of("participantId", "role"),
            "PARTICIPANT_RENAMED", List.of("participantId", "displayName"),
            "SPEAKING_STARTED", List.of("participantId"),
            "SPEAKING_STOPPED", List.of("participantId"));

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
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null ? "" : e.getKnownPropertyIds().stream().map(String::valueOf)
                    .sorted().reduce((a, b) -> a + ", " + b).orElse("");
            String meant = e.getKnownPropertyIds() == null ? "" : ClosestName.closest(e.getPropertyName(),
                    e.getKnownPropertyIds().stream().map(String::valueOf).toList()).map(m -> " (did you mean \"" + m + "\"?)").orElse("");
            String where = path(e).replaceFirst("\\." + java.util.regex.Pattern.quote(e.getPropertyName()) + "$", "");
            throw new IOException(file + ": " + where + ": unknown key \"" + e.getPropertyName() + "\"" + meant
                    + (meant.isEmpty() ? "; known keys: " + known : ""), e);
        } catch (JsonMappingException e) {
            throw new IOException(file + ": " + path(e) + ": " + e.getOriginalMessage(), e);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IOException(file + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
        List<String> problems = parsed.problems();
        if (!problems.isEmpty()) {
            throw new IOException(file + ": " + String.join("; ", problems));
        }
        return parsed;
    }

    /** Writes the manifest as {@link #read} reads it (track files relative to it, as given). */
    public void write(Path file) throws IOException {
        Raw raw = new Raw();
        raw.space = space;
        raw.participants = participants;
        raw.tracks = tracks;
        raw.events = events;
        JSON.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), raw);
    }

    /** Where in the JSON a mapping problem is, as {@code $.tracks[1].particpantId}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder("$");
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                path.append('.').append(ref.getFieldName());
            }
        }
        return path.toString();
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
            problems.add("$.space.id: a Space id is required");
        }
        if (tracks.isEmpty()) {
            problems.add("$.tracks: at least one track is required");
        }
        if (space != null) {
            for (int i = 0; i < space.vocabulary().size(); i++) {
                String term = space.vocabulary().get(i);
                if (term == null || term.isBlank()) {
                    problems.add("$.space.vocabulary[" + i + "]: a vocabulary entry must be a word or name, not "
                            + (term == null ? "null" : "blank"));
                }
            }
            space.phrases().forEach((spoken, written) -> {
                if (spoken.isBlank()) {
                    problems.add("$.space.phrases: a phrase's spoken form (its key) must not be blank");
                } else if (written == null || written.isBlank()) {
                    problems.add("$.space.phrases[\"" + spoken + "\"]: the written form of \"" + spoken + "\" must not be "
                            + (written == null ? "null" : "blank"));
                }
            });
        }
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < participants.size(); i++) {
            Participant p = participants.get(i);
            String at = "$.participants[" + i + "]";
            if (p.id() == null || p.id().isBlank()) {
                problems.add(at + ".id: every participant needs an id");
            } else if (!ids.add(p.id())) {
                problems.add(at + ".id: participant id '" + p.id() + "' is listed twice");
            }
            if (p.displayName() == null || p.displayName().isBlank()) {
                problems.add(at + ".displayName: every participant needs a displayName");
            }
            if (p.role() != null && !isRole(p.role())) {
                problems.add(at + ".role: participant '" + p.id() + "' has role '" + p.role() + "'; use HOST, COHOST, SPEAKER or LISTENER");
            }
        }
        Set<String> trackIds = new HashSet<>();
        for (int i = 0; i < tracks.size(); i++) {
            Track t = tracks.get(i);
            String at = "$.tracks[" + i + "]";
            if (t.id() == null || t.file() == null) {
                problems.add(at + ": every track needs an \"id\" and a \"file\"");
                continue;
            }
            if (!trackIds.add(t.id())) {
                problems.add(at + ".id: track id '" + t.id() + "' is listed twice");
            }
            if (t.participantId() != null && !ids.contains(t.participantId())) {
                problems.add(at + ".participantId: track '" + t.id() + "' names participant '" + t.participantId()
                        + "', who is not in \"participants\"");
            }
            if (baseDir != null && !Files.isRegularFile(baseDir.resolve(t.file()))) {
                problems.add(at + ".file: track '" + t.id() + "': file " + baseDir.resolve(t.file()) + " does not exist");
            }
        }
        for (int i = 0; i < events.size(); i++) {
            TimedEvent e = events.get(i);
            String at = "$.events[" + i + "]";
            if (e.type() == null || !isEventType(e.type())) {
                problems.add(at + ".type: event at " + e.atMs() + " ms has type '" + e.type() + "'; use one of "
                        + String.join(", ", REQUIRED_BY_EVENT_TYPE.keySet().stream().sorted().toList()));
                continue;
            }
            for (String field : REQUIRED_BY_EVENT_TYPE.get(e.type())) {
                if (valueOf(e, field) == null || valueOf(e, field).isBlank()) {
                    problems.add(at + "." + field + ": a " + e.type() + " event needs a " + field);
                }
            }
            if (e.participantId() != null && !ids.contains(e.participantId()) && !e.type().equals("PARTICIPANT_JOINED")) {
                problems.add(at + ".participantId: event " + e.type() + " at " + e.atMs() + " ms names unknown participant '"
                        + e.participantId() + "'");
            }
            if (e.role() != null && !isRole(e.role())) {
                problems.add(at + ".role: role '" + e.role() + "'; use HOST, COHOST, SPEAKER or LISTENER");
            }
            if (e.atMs() < 0) {
                problems.add(at + ".atMs: event " + e.type() + " has a negative time");
            }
        }
        return problems;
    }

    private static String valueOf(TimedEvent e, String field) {
        return switch (field) {
            case "participantId" -> e.participantId();
            case "displayName" -> e.displayName();
            case "role" -> e.role();
            default -> throw new IllegalArgumentException(field);
        };
    }

    private static boolean isRole(String role) {
        return Set.of("HOST", "COHOST", "SPEAKER", "LISTENER").contains(role);
    }

    private static boolean isEventType(String type) {
        return REQUIRED_BY_EVENT_TYPE.containsKey(type);
    }

    /** The JSON shape, before checking. */
    private static final class Raw {
        public SpaceInfo space;
        public List<Participant> participants;
        public List<Track> tracks;
        public List<TimedEvent> events;
    }
}
