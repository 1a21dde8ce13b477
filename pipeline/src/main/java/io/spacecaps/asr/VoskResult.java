package io.spacecaps.asr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.ArrayList;
import java.util.List;

/**
 * A Vosk result, parsed from its JSON: final results carry {@code text} and {@code result} (words),
 * partial results {@code partial} and {@code partial_result}. Times are seconds since the
 * recogniser's first sample.
 */
public record VoskResult(String text, List<Word> words) {

    public record Word(String word, double startSeconds, double endSeconds, double confidence) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static VoskResult parse(String json) {
        try {
            JsonNode root = JSON.readTree(json);
            boolean partial = root.has("partial");
            String text = root.path(partial ? "partial" : "text").asText("").strip();
            List<Word> words = new ArrayList<>();
            for (JsonNode w : root.path(partial ? "partial_result" : "result")) {
                words.add(new Word(w.path("word").asText(), w.path("start").asDouble(), w.path("end").asDouble(),
                        w.path("conf").asDouble(1.0)));
            }
            return new VoskResult(text, List.copyOf(words));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Vosk returned a result that is not JSON: " + json, e);
        }
    }

    public boolean isEmpty() {
        return text.isEmpty();
    }
}
