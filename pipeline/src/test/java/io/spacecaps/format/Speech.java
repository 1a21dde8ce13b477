package io.spacecaps.format;

import java.util.ArrayList;
import java.util.List;

/**
 * Spoken words with times, written as a script: words separated by spaces, each 250 ms long and
 * back to back, with pause marks between them: "," a 90 ms pause (flite's at most commas), ";" a
 * 150 ms pause (a comma or a sentence end, as the words say), "." a 300 ms pause (flite's at a
 * sentence end), "..." a 2 s pause.
 */
final class Speech {

    static final long WORD_MS = 250;

    private Speech() {
    }

    static List<SpokenWord> words(String script) {
        return words(script, 0);
    }

    static List<SpokenWord> words(String script, long startMs) {
        List<SpokenWord> words = new ArrayList<>();
        long t = startMs;
        for (String token : script.strip().split("\\s+")) {
            switch (token) {
                case "," -> t += 90;
                case ";" -> t += 150;
                case "." -> t += 300;
                case "..." -> t += 2000;
                default -> {
                    words.add(new SpokenWord(token, t, t + WORD_MS));
                    t += WORD_MS;
                }
            }
        }
        return words;
    }

    /** Formats one final that Vosk closed after a normal endpoint (800 ms of silence). */
    static String say(String script) {
        return say(script, Vocabulary.empty());
    }

    static String say(String script, Vocabulary vocabulary) {
        return CaptionFormatter.shared().formatFinal(words(script), vocabulary, new SentenceState(), 800).text();
    }
}
