package io.spacecaps.asr;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartialStabilityTest {

    private static final long AFTER_MS = 1_500;

    /** Feeds partials one after another, as the recogniser does, each heard at its own time. */
    private static final class Utterance {
        String[] previous = new String[0];
        long[] since = new long[0];
        int committed;

        PartialStability.Step hear(long heardMs, String text) {
            List<VoskResult.Word> words = Arrays.stream(text.split(" ")).map(w -> new VoskResult.Word(w, 0, 0, 1)).toList();
            PartialStability.Step step = PartialStability.next(previous, since, committed, words, heardMs, AFTER_MS);
            previous = PartialStability.words(words);
            since = step.sinceMs();
            committed = step.stableWords();
            return step;
        }
    }

    @Test
    void aWordIsStableOnceItAndTheWordsBeforeItStoodLongEnough() {
        Utterance u = new Utterance();
        assertEquals(0, u.hear(1_000, "is there").stableWords());
        assertEquals(0, u.hear(1_100, "is there a").stableWords(), "the same words a tenth of a second later are not enough");
        assertEquals(0, u.hear(2_400, "is there a lot").stableWords());
        PartialStability.Step step = u.hear(2_500, "is there a lot of");
        assertEquals(2, step.stableWords(), "'is there' stood from 1.0 s to 2.5 s; 'a' only since 1.1 s");
        assertArrayEquals(new long[]{1_000, 1_000, 1_100, 2_400, 2_500}, step.sinceMs());
        assertEquals(4, u.hear(3_900, "is there a lot of hate").stableWords());
        assertFalse(u.hear(4_000, "is there a lot of hate speech").broke());
    }

    @Test
    void aChangedWordStartsAgainAndSoDoesEveryWordAfterIt() {
        Utterance u = new Utterance();
        u.hear(1_000, "you mentioned out");
        PartialStability.Step step = u.hear(2_000, "you mentioned outages there");
        assertArrayEquals(new long[]{1_000, 1_000, 2_000, 2_000}, step.sinceMs(), "'outages' replaced 'out'");
        assertEquals(0, step.stableWords());
        step = u.hear(2_600, "you mentioned outages there have");
        assertEquals(2, step.stableWords(), "the words before the change stood long enough");
        assertEquals(4, u.hear(3_500, "you mentioned outages there have been").stableWords());
    }

    @Test
    void stableWordsStayStableUntilVoskChangesOneAndThatIsSaid() {
        Utterance u = new Utterance();
        u.hear(0, "yeah i sometimes");
        assertEquals(3, u.hear(1_600, "yeah i sometimes sleep").stableWords());
        PartialStability.Step kept = u.hear(1_700, "yeah i sometimes sleep in");
        assertEquals(3, kept.stableWords(), "what was declared stable stays declared");
        assertFalse(kept.broke());
        PartialStability.Step broke = u.hear(1_800, "yeah i sometime sleep in the");
        assertTrue(broke.broke(), "a word declared stable changed");
        assertEquals(2, broke.stableWords(), "only the words that still stand, and stood long enough");
        PartialStability.Step shorter = u.hear(1_900, "yeah");
        assertTrue(shorter.broke(), "a partial shorter than the stable words drops some of them");
        assertEquals(1, shorter.stableWords());
    }
}
