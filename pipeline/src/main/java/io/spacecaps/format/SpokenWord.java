package io.spacecaps.format;

/**
 * One recognised word as Vosk gives it: a lower-case token and its times on the track's timeline.
 * The formatter never changes these tokens; search and WER keep using them.
 */
public record SpokenWord(String word, long startMs, long endMs) {

    public SpokenWord {
        if (word == null || word.isBlank()) {
            throw new IllegalArgumentException("a spoken word needs text");
        }
    }
}
