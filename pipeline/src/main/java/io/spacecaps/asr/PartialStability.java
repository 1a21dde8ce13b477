package io.spacecaps.asr;

import java.util.List;

/**
 * How many leading words of a partial will not change any more, so that a view can show them as
 * settled and only the tail as tentative. A word counts as stable when the previous partial had the
 * same word at the same place and it ended at least {@link #RIGHT_CONTEXT_MS} before the audio heard
 * so far (the decoder's lattice still moves the last few hundred ms). Once stable, a word stays
 * counted for the rest of the utterance; should Vosk still change it, that is counted as churn.
 */
final class PartialStability {

    /** How far behind the newest audio a word must end before its place in the lattice is settled. */
    static final long RIGHT_CONTEXT_MS = 600;

    private PartialStability() {
    }

    /**
     * @param previous  the words of the previous partial of the utterance (none at its start)
     * @param committed how many words earlier partials of the utterance declared stable
     * @param current   this partial's words, with times in seconds from the recogniser's start
     * @param heardMs   the audio the recogniser has heard, in ms from its start
     * @return how many leading words of {@code current} are stable; never fewer than were committed,
     *     unless Vosk changed a committed word (see {@link #broke})
     */
    static int stableWords(String[] previous, int committed, List<VoskResult.Word> current, long heardMs) {
        int agreed = 0;
        while (agreed < current.size() && agreed < previous.length && current.get(agreed).word().equals(previous[agreed])
                && Math.round(current.get(agreed).endSeconds() * 1000) <= heardMs - RIGHT_CONTEXT_MS) {
            agreed++;
        }
        if (broke(previous, committed, current)) {
            return agreed;
        }
        return Math.min(current.size(), Math.max(committed, agreed));
    }

    /** Whether {@code current} changed a word that earlier partials had declared stable. */
    static boolean broke(String[] previous, int committed, List<VoskResult.Word> current) {
        if (committed > current.size()) {
            return true;
        }
        for (int i = 0; i < committed && i < previous.length; i++) {
            if (!current.get(i).word().equals(previous[i])) {
                return true;
            }
        }
        return false;
    }

    static String[] words(List<VoskResult.Word> words) {
        return words.stream().map(VoskResult.Word::word).toArray(String[]::new);
    }
}
