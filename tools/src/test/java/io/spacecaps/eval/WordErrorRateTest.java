package io.spacecaps.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class WordErrorRateTest {

    private static final String CAT = "the cat sat on the mat";

    @Test
    void countsOneSubstitution() {
        assertResult(WordErrorRate.compute(words(CAT), words("the cat sit on the mat")), 1, 0, 0, 6);
    }

    @Test
    void countsOneDeletion() {
        assertResult(WordErrorRate.compute(words(CAT), words("the cat sat on mat")), 0, 1, 0, 6);
    }

    @Test
    void countsOneInsertion() {
        assertResult(WordErrorRate.compute(words(CAT), words("the big cat sat on the mat")), 0, 0, 1, 6);
    }

    @Test
    void countsAMixOfErrors() {
        WordErrorRate.Result result = WordErrorRate.compute(
                words("i don't know i like spontaneity"), words("i dont know like spontaneity a lot"));

        assertResult(result, 1, 1, 2, 6);
        assertEquals(4, result.hits());
        assertEquals(4.0 / 6, result.wer(), 0);
    }

    @Test
    void perfectMatchHasNoErrors() {
        assertResult(WordErrorRate.compute(words(CAT), words(CAT)), 0, 0, 0, 6);
        assertEquals(0.0, WordErrorRate.compute(words(CAT), words(CAT)).wer(), 0);
    }

    @Test
    void completelyWrongHypothesisOfTheSameLengthIsAllSubstitutions() {
        WordErrorRate.Result result = WordErrorRate.compute(words("a b c"), words("x y z"));

        assertResult(result, 3, 0, 0, 3);
        assertEquals(1.0, result.wer(), 0);
    }

    @Test
    void werCanExceedOne() {
        WordErrorRate.Result result = WordErrorRate.compute(words("yes"), words("no no no"));

        assertResult(result, 1, 0, 2, 1);
        assertEquals(3.0, result.wer(), 0);
    }

    @Test
    void handlesEmptySides() {
        assertResult(WordErrorRate.compute(List.of(), List.of()), 0, 0, 0, 0);
        assertEquals(0.0, WordErrorRate.compute(List.of(), List.of()).wer(), 0);

        WordErrorRate.Result nothingHeard = WordErrorRate.compute(words("a b"), List.of());
        assertResult(nothingHeard, 0, 2, 0, 2);
        assertEquals(1.0, nothingHeard.wer(), 0);

        WordErrorRate.Result nothingSaid = WordErrorRate.compute(List.of(), words("a"));
        assertResult(nothingSaid, 0, 0, 1, 0);
        assertEquals(Double.POSITIVE_INFINITY, nothingSaid.wer());
    }

    @Test
    void prefersSubstitutionThenDeletionWhenAlignmentsTie() {
        // "a b" -> "b a" costs 2 either as two substitutions or as one deletion plus one insertion.
        assertResult(WordErrorRate.compute(words("a b"), words("b a")), 2, 0, 0, 2);
    }

    @Test
    void ofNormalisesBothSides() {
        assertResult(WordErrorRate.of("I don\u2019t know. I like spontaneity!", "i don't know i like spontaneity"),
                0, 0, 0, 6);
        assertResult(WordErrorRate.of("Musk bought Twitter for $44 billion in 2022.",
                "musk bought twitter for forty four billion dollars in two thousand twenty two"), 0, 0, 0, 13);
        assertResult(WordErrorRate.of("BBC is state-affiliated media", "bbc is state affiliated"), 0, 1, 0, 5);
    }

    @Test
    void corpusTotalSumsErrorsAndWords() {
        WordErrorRate.Result total = WordErrorRate.Result.NONE
                .add(new WordErrorRate.Result(1, 0, 0, 6))
                .add(new WordErrorRate.Result(0, 1, 1, 4));

        assertResult(total, 1, 1, 1, 10);
        assertEquals(0.3, total.wer(), 1e-12);
        assertEquals("WER 30.00% (S=1 D=1 I=1 N=10)", total.toString());
    }

    @Test
    void rejectsImpossibleCounts() {
        assertEquals("impossible counts: S=2 D=1 I=0 N=2",
                assertThrows(IllegalArgumentException.class, () -> new WordErrorRate.Result(2, 1, 0, 2)).getMessage());
    }

    @Test
    void alignsLongTranscriptsInLinearMemory() {
        String[] reference = new String[5_000];
        String[] hypothesis = new String[5_000];
        for (int i = 0; i < reference.length; i++) {
            reference[i] = "w" + (i % 97);
            hypothesis[i] = i % 100 == 0 ? "oops" : reference[i];
        }

        assertResult(WordErrorRate.compute(Arrays.asList(reference), Arrays.asList(hypothesis)), 50, 0, 0, 5_000);
    }

    private static List<String> words(String text) {
        return Arrays.asList(text.split(" "));
    }

    private static void assertResult(WordErrorRate.Result result, int substitutions, int deletions, int insertions,
            int referenceWords) {
        assertEquals(new WordErrorRate.Result(substitutions, deletions, insertions, referenceWords), result);
    }

    @Test
    void theAlignmentPairsWordsStepByStep() {
        assertEquals(List.of(
                        new WordErrorRate.Step(WordErrorRate.Edit.MATCH, 0, 0),
                        new WordErrorRate.Step(WordErrorRate.Edit.INSERTION, -1, 1),
                        new WordErrorRate.Step(WordErrorRate.Edit.MATCH, 1, 2),
                        new WordErrorRate.Step(WordErrorRate.Edit.SUBSTITUTION, 2, 3),
                        new WordErrorRate.Step(WordErrorRate.Edit.MATCH, 3, 4),
                        new WordErrorRate.Step(WordErrorRate.Edit.DELETION, 4, -1),
                        new WordErrorRate.Step(WordErrorRate.Edit.MATCH, 5, 5)),
                WordErrorRate.align(words(CAT), words("the big cat sit on mat")));
        assertEquals(List.of(), WordErrorRate.align(List.of(), List.of()));
        assertEquals(List.of(new WordErrorRate.Step(WordErrorRate.Edit.INSERTION, -1, 0)), WordErrorRate.align(List.of(), words("a")));
    }

    @Test
    void theAlignmentHasExactlyTheCountsOfTheErrorRate() {
        java.util.Random random = new java.util.Random(11);
        for (int trial = 0; trial < 500; trial++) {
            List<String> reference = randomWords(random, random.nextInt(12));
            List<String> hypothesis = randomWords(random, random.nextInt(12));
            int s = 0;
            int d = 0;
            int ins = 0;
            int r = 0;
            int h = 0;
            for (WordErrorRate.Step step : WordErrorRate.align(reference, hypothesis)) {
                switch (step.edit()) {
                    case MATCH -> assertEquals(reference.get(step.reference()), hypothesis.get(step.hypothesis()));
                    case SUBSTITUTION -> s++;
                    case DELETION -> d++;
                    case INSERTION -> ins++;
                }
                // Every word once, in order.
                if (step.reference() >= 0) {
                    assertEquals(r++, step.reference());
                }
                if (step.hypothesis() >= 0) {
                    assertEquals(h++, step.hypothesis());
                }
            }
            assertEquals(reference.size(), r);
            assertEquals(hypothesis.size(), h);
            assertEquals(WordErrorRate.compute(reference, hypothesis), new WordErrorRate.Result(s, d, ins, reference.size()),
                    reference + " / " + hypothesis);
        }
    }

    private static List<String> randomWords(java.util.Random random, int n) {
        List<String> words = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            words.add(String.valueOf((char) ('a' + random.nextInt(4))));
        }
        return words;
    }
}
