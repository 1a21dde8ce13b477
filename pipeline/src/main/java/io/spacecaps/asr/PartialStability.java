package io.spacecaps.asr;

import java.util.Arrays;
import java.util.List;

/**
 * How many leading words of a partial will not change any more, so that a view can show them as
 * settled and only the tail as tentative. A word counts as stable once it, and every word before it,
 * has stood unchanged at its place for {@code stableAfterMs} of audio. Once stable, a word stays
 * counted for the rest of the utterance; should Vosk still change it, that is counted as churn.
 *
 * <p>Why time and not "the same in two partials in a row": Vosk sends a partial per chunk, so two
 * partials agree after a tenth of a second, and a word that stood for less than about a second is
 * still often rewritten by the next ones. Why not "far enough behind the newest audio": a partial's
 * words already end 1.1 to 2 s before the audio heard (Vosk reports only words its lattice has
 * aligned), so such a rule holds nothing back. Measured on synthetic Spaces read from the Debian
 * fortunes (scripts/make-tuning-spaces.py), nothing of the demo or the seeds: at 1.5 s, the stable
 * words later replaced fall from 2.7% to 1.3% of those marked, and the rest are the final's own
 * rewording (Vosk's final decodes the utterance's lattice again), which no rule on partials can see.
 */
final class PartialStability {

    /** One partial's verdict, and what the next partial needs to know. */
    record Step(int stableWords, long[] sinceMs, boolean broke) {
    }

    private PartialStability() {
    }

    /**
     * @param previous      the words of the previous partial of the utterance (none at its start)
     * @param sinceMs       for each place of {@code previous}: the audio heard (ms) when its word, with
     *                      every word before it, began to stand there
     * @param committed     how many words earlier partials of the utterance declared stable
     * @param current       this partial's words
     * @param heardMs       the audio the recogniser has heard, in ms from its start
     * @param stableAfterMs how long a word must stand before it is declared stable
     * @return how many leading words of {@code current} are stable (never fewer than were committed,
     *     unless Vosk changed a committed word), and the places' times for the next partial
     */
    static Step next(String[] previous, long[] sinceMs, int committed, List<VoskResult.Word> current, long heardMs,
                     long stableAfterMs) {
        long[] since = new long[current.size()];
        int unchanged = 0;
        while (unchanged < current.size() && unchanged < previous.length && unchanged < sinceMs.length
                && current.get(unchanged).word().equals(previous[unchanged])) {
            since[unchanged] = sinceMs[unchanged];
            unchanged++;
        }
        Arrays.fill(since, unchanged, since.length, heardMs);
        int stood = 0;
        while (stood < unchanged && heardMs - since[stood] >= stableAfterMs) {
            stood++;
        }
        boolean broke = committed > unchanged;
        return new Step(broke ? stood : Math.max(committed, stood), since, broke);
    }

    static String[] words(List<VoskResult.Word> words) {
        return words.stream().map(VoskResult.Word::word).toArray(String[]::new);
    }
}
