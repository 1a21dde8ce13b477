package io.spacecaps.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.CaptionMarker;
import io.spacecaps.schema.MarkerType;
import io.spacecaps.schema.Role;
import io.spacecaps.schema.Speaker;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.schema.Word;
import io.spacecaps.schema.WrittenToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Committed transcripts ({@code src/test/resources/transcripts/*.jsonl}, written by {@code scripts/spacecaps
 * transcribe ... --format jsonl}) read back as the finals they were rendered from, so that renderer
 * tests see real captions without running the pipeline.
 */
public final class Transcripts {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Transcripts() {
    }

    /** The demo Space's finals as the job wrote them (see transcripts/README.md for how to make them again). */
    public static List<TranscriptEvent> demoSpace() {
        return read("demo-space.finals.jsonl");
    }

    public static List<TranscriptEvent> read(String name) {
        try (InputStream in = Transcripts.class.getResourceAsStream("/transcripts/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no test resource transcripts/" + name);
            }
            List<TranscriptEvent> finals = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList()) {
                if (!line.isBlank()) {
                    finals.add(fromJson(JSON.readTree(line)));
                }
            }
            return finals;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TranscriptEvent fromJson(JsonNode json) {
        JsonNode speaker = json.get("speaker");
        List<WrittenToken> written = new ArrayList<>();
        for (JsonNode t : json.get("written")) {
            written.add(new WrittenToken(t.get("text").asText(), t.get("firstWord").asInt(), t.get("lastWord").asInt()));
        }
        List<Word> words = new ArrayList<>();
        for (JsonNode w : json.get("words")) {
            words.add(new Word(w.get("word").asText(), w.get("startMs").asLong(), w.get("endMs").asLong(),
                    (float) w.get("confidence").asDouble()));
        }
        List<CaptionMarker> markers = new ArrayList<>();
        for (JsonNode m : json.get("markers")) {
            markers.add(new CaptionMarker(MarkerType.valueOf(m.get("type").asText()), m.get("startMs").asLong(), m.get("endMs").asLong()));
        }
        Instant wallClockStart = Instant.parse(json.get("wallClockStart").asText());
        long durationMs = json.get("endMs").asLong() - json.get("startMs").asLong();
        return TranscriptEvent.newBuilder()
                .setEventId(json.get("eventId").asText())
                .setSpaceId(json.get("spaceId").asText())
                .setTrackId(json.get("trackId").asText())
                .setTrackParticipantId(textOrNull(json.get("trackParticipantId")))
                .setUtteranceId(json.get("utteranceId").asText())
                .setKind(TranscriptKind.FINAL)
                .setRevision(0)
                .setSpeaker(Speaker.newBuilder()
                        .setId(textOrNull(speaker.get("id")))
                        .setDisplayName(speaker.get("displayName").asText())
                        .setRole(speaker.hasNonNull("role") ? Role.valueOf(speaker.get("role").asText()) : null)
                        .setAttribution(Attribution.valueOf(speaker.get("attribution").asText()))
                        .setConfidence((float) speaker.get("confidence").asDouble())
                        .build())
                .setStartMs(json.get("startMs").asLong())
                .setEndMs(json.get("endMs").asLong())
                .setWallClockStart(wallClockStart)
                .setText(json.get("text").asText())
                .setWritten(written)
                .setWords(words)
                .setMarkers(markers)
                .setLanguage(json.get("language").asText())
                .setModel(json.get("model").asText())
                .setLastAudioCaptureTime(wallClockStart.plusMillis(durationMs))
                .setEmitTime(wallClockStart.plusMillis(durationMs))
                .setStableWords(words.size())
                .setStability(1f)
                .build();
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
