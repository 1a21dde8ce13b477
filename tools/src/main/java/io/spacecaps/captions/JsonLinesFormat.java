package io.spacecaps.captions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import io.spacecaps.text.ControlCharacters;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spacecaps.schema.CaptionMarker;
import io.spacecaps.schema.Speaker;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.Word;
import io.spacecaps.schema.WrittenToken;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One JSON object per utterance, one per line, with speaker and word timings: the format for
 * tools. {@code text} is the written text and {@code written} its tokens, each with the indices of the
 * words it stands for; {@code words} are the recogniser's own. A note that a speaker declined captions
 * is a line with no words and a {@code CAPTIONS_OFF} marker. Fields that only matter inside the
 * pipeline (revision, stability, latency timestamps) are left out.
 */
final class JsonLinesFormat implements TranscriptFormat {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        // The data stays exact, but a line printed on a terminal must not drive it: JSON already
        // escapes C0 controls; DEL, C1 controls and bidirectional overrides are escaped the same way.
        MAPPER.getFactory().setCharacterEscapes(new TerminalSafeEscapes());
    }

    private static final class TerminalSafeEscapes extends CharacterEscapes {
        private final int[] ascii = CharacterEscapes.standardAsciiEscapesForJSON();

        TerminalSafeEscapes() {
            ascii[0x7F] = CharacterEscapes.ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ControlCharacters.isControl((char) ch) ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }

    @Override
    public String render(List<TranscriptEvent> finals) {
        StringBuilder out = new StringBuilder();
        for (TranscriptEvent utterance : ReadingOrder.of(finals)) {
            try {
                out.append(MAPPER.writeValueAsString(toJson(utterance))).append('\n');
            } catch (JsonProcessingException e) {
                // A tree of strings and numbers always serialises; this would be a Jackson bug.
                throw new UncheckedIOException(e);
            }
        }
        return out.toString();
    }

    private static ObjectNode toJson(TranscriptEvent utterance) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("eventId", utterance.getEventId());
        json.put("spaceId", utterance.getSpaceId());
        json.put("trackId", utterance.getTrackId());
        json.put("trackParticipantId", utterance.getTrackParticipantId());
        json.put("utteranceId", utterance.getUtteranceId());
        json.set("speaker", toJson(utterance.getSpeaker()));
        json.put("startMs", utterance.getStartMs());
        json.put("endMs", utterance.getEndMs());
        json.put("wallClockStart", utterance.getWallClockStart() == null ? null : utterance.getWallClockStart().toString());
        json.put("text", utterance.getText());
        ArrayNode written = json.putArray("written");
        for (WrittenToken token : utterance.getWritten()) {
            written.addObject().put("text", token.getText()).put("firstWord", token.getFirstWord()).put("lastWord", token.getLastWord());
        }
        ArrayNode words = json.putArray("words");
        for (Word word : utterance.getWords()) {
            ObjectNode wordJson = words.addObject();
            wordJson.put("word", word.getWord());
            wordJson.put("startMs", word.getStartMs());
            wordJson.put("endMs", word.getEndMs());
            wordJson.put("confidence", word.getConfidence());
        }
        ArrayNode markers = json.putArray("markers");
        for (CaptionMarker marker : utterance.getMarkers()) {
            markers.addObject().put("type", marker.getType().name()).put("startMs", marker.getStartMs()).put("endMs", marker.getEndMs());
        }
        json.put("language", utterance.getLanguage());
        json.put("model", utterance.getModel());
        return json;
    }

    private static ObjectNode toJson(Speaker speaker) {
        ObjectNode json = MAPPER.createObjectNode();
        json.put("id", speaker.getId());
        json.put("displayName", speaker.getDisplayName());
        json.put("role", speaker.getRole() == null ? null : speaker.getRole().name());
        json.put("attribution", speaker.getAttribution() == null ? null : speaker.getAttribution().name());
        json.put("confidence", speaker.getConfidence());
        return json;
    }
}
