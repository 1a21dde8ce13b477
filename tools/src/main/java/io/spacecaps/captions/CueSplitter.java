package io.spacecaps.captions;

import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.Word;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts an utterance into captions a viewer can read: at most {@value #MAX_CUE_MILLIS} ms and
 * {@value #MAX_LINES} lines of {@value #MAX_LINE_CHARS} characters each, the usual broadcast
 * limits. Cuts fall between words, timed by the recogniser's word timings when they match the
 * text word for word, otherwise by spreading the utterance's time over its characters.
 */
final class CueSplitter {

    static final long MAX_CUE_MILLIS = 7_000;
    static final int MAX_LINES = 2;
    static final int MAX_LINE_CHARS = 42;

    private record TimedWord(String text, long startMs, long endMs) {
    }

    private CueSplitter() {
    }

    /**
     * @param prefixChars characters every cue shows before its first word, such as a speaker label;
     *     they take room on the first line
     */
    static List<Cue> split(TranscriptEvent utterance, int prefixChars) {
        List<TimedWord> words = timedWords(utterance);
        List<Cue> cues = new ArrayList<>();
        long previousEnd = Long.MIN_VALUE;
        for (int from = 0; from < words.size(); ) {
            int to = from + 1;
            while (to < words.size() && fits(words, from, to + 1, prefixChars)) {
                to++;
            }
            long start = from == 0 ? utterance.getStartMs() : words.get(from).startMs;
            long end = to == words.size() ? utterance.getEndMs() : words.get(to - 1).endMs;
            start = Math.max(start, previousEnd);
            end = Math.max(end, start);
            cues.add(new Cue(start, end, wrap(words, from, to, prefixChars)));
            previousEnd = end;
            from = to;
        }
        return cues;
    }

    private static boolean fits(List<TimedWord> words, int from, int to, int prefixChars) {
        return words.get(to - 1).endMs - words.get(from).startMs <= MAX_CUE_MILLIS
                && wrap(words, from, to, prefixChars).size() <= MAX_LINES;
    }

    /** Greedy wrapping; a word longer than a line gets a line of its own rather than being cut. */
    private static List<String> wrap(List<TimedWord> words, int from, int to, int prefixChars) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        int room = MAX_LINE_CHARS - prefixChars;
        for (int i = from; i < to; i++) {
            String word = words.get(i).text;
            if (line.length() > 0 && line.length() + 1 + word.length() > room) {
                lines.add(line.toString());
                line.setLength(0);
                room = MAX_LINE_CHARS;
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        lines.add(line.toString());
        return lines;
    }

    private static List<TimedWord> timedWords(TranscriptEvent utterance) {
        String text = ReadingOrder.oneLine(utterance.getText());
        String[] tokens = text.isEmpty() ? new String[0] : text.split(" ");
        List<Word> recognised = utterance.getWords();
        List<TimedWord> words = new ArrayList<>(tokens.length);
        if (recognised.size() == tokens.length) {
            for (int i = 0; i < tokens.length; i++) {
                words.add(new TimedWord(tokens[i], recognised.get(i).getStartMs(), recognised.get(i).getEndMs()));
            }
            return words;
        }
        // No usable word timings: assume an even speaking rate, counting each word's trailing space.
        long totalChars = 0;
        for (String token : tokens) {
            totalChars += token.length() + 1;
        }
        long start = utterance.getStartMs();
        long duration = Math.max(0, utterance.getEndMs() - start);
        long charsBefore = 0;
        for (String token : tokens) {
            words.add(new TimedWord(token, start + duration * charsBefore / totalChars,
                    start + duration * (charsBefore + token.length()) / totalChars));
            charsBefore += token.length() + 1;
        }
        return words;
    }
}
