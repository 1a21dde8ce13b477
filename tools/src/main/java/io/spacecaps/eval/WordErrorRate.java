package io.spacecaps.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Word error rate from a minimum-edit-distance alignment of hypothesis words against reference
 * words. Where several alignments cost the same, the one preferring substitutions, then
 * deletions, then insertions is counted, so the S/D/I split is deterministic.
 */
public final class WordErrorRate {

    /** Rows of a cell's count table: the substitutions, deletions and insertions on its best path. */
    private static final int SUB = 0;
    private static final int DEL = 1;
    private static final int INS = 2;

    private WordErrorRate() {
    }

    /** Counts from one alignment, or summed over many for a corpus total. */
    public record Result(int substitutions, int deletions, int insertions, int referenceWords) {

        public static final Result NONE = new Result(0, 0, 0, 0);

        public Result {
            if (substitutions < 0 || deletions < 0 || insertions < 0
                    || substitutions + deletions > referenceWords) {
                throw new IllegalArgumentException("impossible counts: S=" + substitutions + " D=" + deletions
                        + " I=" + insertions + " N=" + referenceWords);
            }
        }

        public int errors() {
            return substitutions + deletions + insertions;
        }

        /** Reference words the hypothesis got right. */
        public int hits() {
            return referenceWords - substitutions - deletions;
        }

        /**
         * Errors per reference word. 0 when both sides are empty; infinite when only the reference
         * is, since any insertion is then infinitely many errors per word.
         */
        public double wer() {
            if (referenceWords == 0) {
                return insertions == 0 ? 0 : Double.POSITIVE_INFINITY;
            }
            return (double) errors() / referenceWords;
        }

        /** Corpus totals: errors and reference words are summed, not the rates averaged. */
        public Result add(Result other) {
            return new Result(substitutions + other.substitutions, deletions + other.deletions,
                    insertions + other.insertions, referenceWords + other.referenceWords);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "WER %.2f%% (S=%d D=%d I=%d N=%d)",
                    100 * wer(), substitutions, deletions, insertions, referenceWords);
        }
    }

    /** Both texts are normalised with {@link TextNormalizer} first. */
    public static Result of(String reference, String hypothesis) {
        return compute(TextNormalizer.normalize(reference), TextNormalizer.normalize(hypothesis));
    }

    public static Result compute(List<String> reference, List<String> hypothesis) {
        Map<String, Integer> vocabulary = new HashMap<>();
        int[] ref = ids(reference, vocabulary);
        int[] hyp = ids(hypothesis, vocabulary);

        // Two rows of the edit-distance table, each cell holding the S/D/I counts of its best path,
        // so memory stays linear even for hour-long transcripts.
        int columns = hyp.length + 1;
        int[][] previous = new int[3][columns];
        int[][] current = new int[3][columns];
        for (int j = 0; j < columns; j++) {
            previous[INS][j] = j;
        }
        for (int i = 1; i <= ref.length; i++) {
            current[SUB][0] = 0;
            current[DEL][0] = i;
            current[INS][0] = 0;
            for (int j = 1; j < columns; j++) {
                boolean same = ref[i - 1] == hyp[j - 1];
                int diagonal = cost(previous, j - 1) + (same ? 0 : 1);
                int deletion = cost(previous, j) + 1;
                int insertion = cost(current, j - 1) + 1;
                if (diagonal <= deletion && diagonal <= insertion) {
                    copy(previous, j - 1, current, j);
                    current[SUB][j] += same ? 0 : 1;
                } else if (deletion <= insertion) {
                    copy(previous, j, current, j);
                    current[DEL][j]++;
                } else {
                    copy(current, j - 1, current, j);
                    current[INS][j]++;
                }
            }
            int[][] swap = previous;
            previous = current;
            current = swap;
        }
        int last = columns - 1;
        return new Result(previous[SUB][last], previous[DEL][last], previous[INS][last], ref.length);
    }

    /** What one step of an alignment does with a reference word and a hypothesis word. */
    public enum Edit { MATCH, SUBSTITUTION, DELETION, INSERTION }

    /**
     * One step of an alignment: the indices of the reference word and the hypothesis word it pairs,
     * -1 for the side a deletion or an insertion has no word on.
     */
    public record Step(Edit edit, int reference, int hypothesis) {
    }

    /**
     * The alignment {@link #compute} counts, step by step in order: the same minimum edit distance and
     * the same choice where several cost the same (substitution, then deletion, then insertion), so its
     * substitutions, deletions and insertions are exactly {@link #compute}'s. Memory grows with the
     * product of the lengths (one byte a cell): align a speaker's turns, not an hour at once.
     */
    public static List<Step> align(List<String> reference, List<String> hypothesis) {
        Map<String, Integer> vocabulary = new HashMap<>();
        int[] ref = ids(reference, vocabulary);
        int[] hyp = ids(hypothesis, vocabulary);
        int columns = hyp.length + 1;
        byte[][] choice = new byte[ref.length + 1][columns];
        int[] previous = new int[columns];
        int[] current = new int[columns];
        for (int j = 0; j < columns; j++) {
            previous[j] = j;
            choice[0][j] = INS;
        }
        for (int i = 1; i <= ref.length; i++) {
            current[0] = i;
            choice[i][0] = DEL;
            for (int j = 1; j < columns; j++) {
                int diagonal = previous[j - 1] + (ref[i - 1] == hyp[j - 1] ? 0 : 1);
                int deletion = previous[j] + 1;
                int insertion = current[j - 1] + 1;
                if (diagonal <= deletion && diagonal <= insertion) {
                    current[j] = diagonal;
                    choice[i][j] = SUB;
                } else if (deletion <= insertion) {
                    current[j] = deletion;
                    choice[i][j] = DEL;
                } else {
                    current[j] = insertion;
                    choice[i][j] = INS;
                }
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        List<Step> steps = new ArrayList<>(Math.max(ref.length, hyp.length));
        int i = ref.length;
        int j = hyp.length;
        while (i > 0 || j > 0) {
            if (i > 0 && j > 0 && choice[i][j] == SUB) {
                steps.add(new Step(ref[i - 1] == hyp[j - 1] ? Edit.MATCH : Edit.SUBSTITUTION, i - 1, j - 1));
                i--;
                j--;
            } else if (i > 0 && (j == 0 || choice[i][j] == DEL)) {
                steps.add(new Step(Edit.DELETION, i - 1, -1));
                i--;
            } else {
                steps.add(new Step(Edit.INSERTION, -1, j - 1));
                j--;
            }
        }
        Collections.reverse(steps);
        return steps;
    }

    private static int cost(int[][] row, int column) {
        return row[SUB][column] + row[DEL][column] + row[INS][column];
    }

    private static void copy(int[][] from, int fromColumn, int[][] to, int toColumn) {
        to[SUB][toColumn] = from[SUB][fromColumn];
        to[DEL][toColumn] = from[DEL][fromColumn];
        to[INS][toColumn] = from[INS][fromColumn];
    }

    private static int[] ids(List<String> words, Map<String, Integer> vocabulary) {
        int[] ids = new int[words.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = vocabulary.computeIfAbsent(words.get(i), word -> vocabulary.size());
        }
        return ids;
    }
}
