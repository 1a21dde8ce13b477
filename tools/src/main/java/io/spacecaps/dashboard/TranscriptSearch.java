package io.spacecaps.dashboard;

import java.util.Locale;
import java.util.Optional;

/**
 * Phrase search that forgives what a person does not type: case, punctuation and spacing. "bbc the
 * news" finds "BBC, the news" and "dont" finds "don't". The match is mapped back onto the original text so it can be marked there.
 */
final class TranscriptSearch {

    /** A match in the original text: {@code [start, end)}. */
    record Span(int start, int end) {
    }

    private TranscriptSearch() {
    }

    /** The phrase as it is compared: lower case, letters and digits, single spaces; empty if nothing is left. */
    static String normalise(String phrase) {
        return fold(phrase).text;
    }

    static Optional<Span> find(String text, String normalisedPhrase) {
        if (normalisedPhrase.isEmpty()) {
            return Optional.empty();
        }
        Folded folded = fold(text);
        int at = folded.text.indexOf(normalisedPhrase);
        while (at >= 0) {
            int end = at + normalisedPhrase.length();
            // Whole words only at the edges, so "art" does not find "start".
            boolean startsWord = at == 0 || folded.text.charAt(at - 1) == ' ';
            boolean endsWord = end == folded.text.length() || folded.text.charAt(end) == ' ';
            if (startsWord && endsWord) {
                return Optional.of(new Span(folded.origin[at], folded.origin[end - 1] + 1));
            }
            at = folded.text.indexOf(normalisedPhrase, at + 1);
        }
        return Optional.empty();
    }

    /** The folded text, and for each of its characters the index of the character it came from. */
    private record Folded(String text, int[] origin) {
    }

    private static Folded fold(String text) {
        StringBuilder out = new StringBuilder(text.length());
        // Lower-casing can lengthen a character (İ), hence room for two per character.
        int[] origin = new int[2 * text.length() + 1];
        boolean pendingSpace = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\'' || c == '\u2019') {
                continue; // "don't" and "dont" are the same word to someone searching
            }
            if (!Character.isLetterOrDigit(c)) {
                pendingSpace = true;
                continue;
            }
            if (pendingSpace && out.length() > 0) {
                origin[out.length()] = i;
                out.append(' ');
            }
            pendingSpace = false;
            String lower = String.valueOf(c).toLowerCase(Locale.ROOT);
            for (int k = 0; k < lower.length(); k++) {
                origin[out.length()] = i;
                out.append(lower.charAt(k));
            }
        }
        return new Folded(out.toString(), origin);
    }
}
