package io.spacecaps.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonLinesFormatTest {

    @Test
    void oneObjectPerFinalInReadingOrder() throws Exception {
        List<String> lines = TranscriptFormats.JSONL.render(Utterances.exchange()).lines().toList();

        assertEquals(4, lines.size());
        assertEquals("{\"eventId\":\"1YqKDoXXabc/t-elon#0/FINAL\",\"spaceId\":\"1YqKDoXXabc\",\"trackId\":\"t-elon\","
                        + "\"trackParticipantId\":null,\"utteranceId\":\"t-elon#0\",\"speaker\":{\"id\":\"p-elon\",\"displayName\":\"Elon Musk\","
                        + "\"role\":\"HOST\",\"attribution\":\"TRACK\",\"confidence\":1.0},\"startMs\":0,\"endMs\":2500,"
                        + "\"wallClockStart\":\"2023-04-12T03:00:00Z\",\"text\":\"i don't know\",\"written\":[],\"words\":["
                        + "{\"word\":\"i\",\"startMs\":300,\"endMs\":450,\"confidence\":0.9},"
                        + "{\"word\":\"don't\",\"startMs\":450,\"endMs\":800,\"confidence\":0.85},"
                        + "{\"word\":\"know\",\"startMs\":800,\"endMs\":1200,\"confidence\":1.0}],\"markers\":[],"
                        + "\"language\":\"en\",\"model\":\"vosk-model-small-en-us-0.15\"}",
                lines.get(0));
        assertEquals("{\"eventId\":\"1YqKDoXXabc/t-james#0/FINAL\",\"spaceId\":\"1YqKDoXXabc\",\"trackId\":\"t-james\","
                        + "\"trackParticipantId\":null,\"utteranceId\":\"t-james#0\",\"speaker\":{\"id\":null,\"displayName\":\"James <BBC> & Co\","
                        + "\"role\":\"SPEAKER\",\"attribution\":\"SPEAKING_INDICATOR\",\"confidence\":0.75},"
                        + "\"startMs\":5600,\"endMs\":7400,\"wallClockStart\":\"2023-04-12T03:00:05.600Z\","
                        + "\"text\":\"you know what it stands for\",\"written\":[],\"words\":[],\"markers\":[],"
                        + "\"language\":\"en\",\"model\":\"vosk-model-small-en-us-0.15\"}",
                lines.get(2));
        ObjectMapper mapper = new ObjectMapper();
        assertEquals(List.of("t-elon#0", "t-elon#1", "t-james#0", "t-elon#2"),
                lines.stream().map(line -> read(mapper, line).get("utteranceId").asText()).toList());
        assertEquals(22, read(mapper, lines.get(3)).get("words").size());
    }

    private static JsonNode read(ObjectMapper mapper, String line) {
        try {
            return mapper.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }

    @Test
    void writesTheWrittenTokensAndMarkersSoThatToolsCanTellANoteFromSpeech() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        List<String> lines = TranscriptFormats.JSONL.render(List.of(
                Utterances.written(Utterances.ELON, "t-elon", 0, 0, 300, "It", "cost", "$44 billion.|forty four billion dollars"),
                Utterances.captionsOff(Utterances.JAMES, "t-james", 1500))).lines().toList();
        JsonNode said = read(mapper, lines.get(0));
        assertEquals("p-elon", said.get("trackParticipantId").asText());
        assertEquals("It cost $44 billion.", said.get("text").asText());
        assertEquals("[{\"text\":\"It\",\"firstWord\":0,\"lastWord\":0},{\"text\":\"cost\",\"firstWord\":1,\"lastWord\":1},"
                + "{\"text\":\"$44 billion.\",\"firstWord\":2,\"lastWord\":5}]", said.get("written").toString());
        assertEquals(6, said.get("words").size());
        JsonNode note = read(mapper, lines.get(1));
        assertEquals("", note.get("text").asText());
        assertEquals("[{\"type\":\"CAPTIONS_OFF\",\"startMs\":1500,\"endMs\":1600}]", note.get("markers").toString());
    }
}
