package io.spacecaps.captions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.spacecaps.schema.Speaker;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.Word;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One JSON object per utterance, one per line, with speaker and word timings: the format for
 * tools. Fields that only matter inside the pipeline (revision, latency timestamps) are left out.
 */
final class JsonLinesFormat implements TranscriptFormat {

    private static final ObjectMapper MAPPER = new ObjectMapper();

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
        json.put("utteranceId", utterance.getUtteranceId());
        json.set("speaker", toJson(utterance.getSpeaker()));
        json.put("startMs", utterance.getStartMs());
        json.put("endMs", utterance.getEndMs());
        json.put("wallClockStart", utterance.getWallClockStart() == null ? null : utterance.getWallClockStart().toString());
        json.put("text", utterance.getText());
        ArrayNode words = json.putArray("words");
        for (Word word : utterance.getWords()) {
            ObjectNode wordJson = words.addObject();
            wordJson.put("word", word.getWord());
            wordJson.put("startMs", word.getStartMs());
            wordJson.put("endMs", word.getEndMs());
            wordJson.put("confidence", word.getConfidence());
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
