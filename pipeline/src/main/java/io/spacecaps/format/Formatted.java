package io.spacecaps.format;

import java.util.List;

/**
 * Written text for one utterance. {@code text} is the tokens joined by single spaces; each token
 * covers a contiguous range of the input words (inclusive indexes), every input word exactly once
 * and in order, so a cue splitter can time written text by the words' times.
 */
public record Formatted(String text, List<Token> tokens) {

    public record Token(String text, int firstWord, int lastWord) {
    }

    public Formatted {
        tokens = List.copyOf(tokens);
    }

    static Formatted empty() {
        return new Formatted("", List.of());
    }
}
