package io.spacecaps.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class FormattingScoreTest {

    private static List<String> tokens(String text) {
        return List.of(text.split(" "));
    }

    @Test
    void aPerfectCaptionScoresFullMarks() {
        FormattingScore.Result r = FormattingScore.score(
                List.of("Why did you agree to do this interview with the BBC? I like spontaneity, you know."),
                tokens("Why did you agree to do this interview with the BBC? I like spontaneity, you know."));
        assertEquals(16, r.referenceWords());
        assertEquals(16, r.recognisedWords());
        assertEquals(new FormattingScore.Counts(2, 0, 0), r.sentenceEnds());
        assertEquals(new FormattingScore.Counts(1, 0, 0), r.questionMarks());
        assertEquals(new FormattingScore.Counts(1, 0, 0), r.commas());
        assertEquals(1.0, r.sentenceEnds().f1());
        assertEquals(16, r.casedWords());
        assertEquals(1.0, r.casing());
        assertEquals(List.of(), r.examples());
    }

    @Test
    void onlyCorrectlyRecognisedWordsAreScoredAndEachMissIsCounted() {
        FormattingScore.Result r = FormattingScore.score(
                List.of("So you think it should be banned? No, I'm not saying that."),
                // "banned" misheard: its question mark is not scored; "No," lost its comma and
                // ends a sentence instead; "that" is not closed; "saying" is cased wrongly.
                tokens("so you think it should be band? No. I'm not Saying that"));
        assertEquals(12, r.referenceWords());
        assertEquals(11, r.recognisedWords());
        // The turn's end ("that") ends a sentence whatever the captions say.
        assertEquals(new FormattingScore.Counts(0, 1, 1), r.sentenceEnds());
        assertEquals(FormattingScore.Counts.NONE, r.questionMarks());
        assertEquals(new FormattingScore.Counts(0, 0, 1), r.commas());
        assertEquals(11, r.casedWords());
        assertEquals(9, r.caseMatches(), "'so' and 'Saying'");
        assertEquals(0.0, r.sentenceEnds().f1());
        assertTrue(Double.isNaN(r.questionMarks().f1()), "no question mark on either side");
        assertTrue(r.examples().contains("case: reference 'So', captions 'so'"), r.examples().toString());
        assertTrue(r.examples().contains("extra sentence end: reference 'No,', captions 'No.'"), r.examples().toString());
    }

    @Test
    void aTurnEndsASentenceEvenWithoutAFullStop() {
        FormattingScore.Result r = FormattingScore.score(List.of("You know what it stands for", "Right"),
                tokens("You know what it stands for. Right."));
        assertEquals(new FormattingScore.Counts(2, 0, 0), r.sentenceEnds());
    }

    @Test
    void numbersAndAcronymsAreAlignedByTheirWordsAndNumeralsCounted() {
        FormattingScore.Result r = FormattingScore.score(
                List.of("We passed 8 billion user seconds per day, at the BBC's and NPR's rate. One was enough."),
                tokens("We passed eight billion user seconds per day, at the BBC's and NPR's rate. 1 was enough."));
        assertEquals(r.referenceWords(), r.recognisedWords());
        assertEquals(1, r.referenceNumerals());
        assertEquals(0, r.numeralsWritten());
        assertEquals(1, r.numeralsForWords());
        assertEquals(15, r.casedWords(), "a numeral on either side has no case to compare");
        assertEquals(15, r.caseMatches(), r.examples().toString());
    }

    @Test
    void annotationsAndLaughterInTheReferenceAreNotSpeech() {
        FormattingScore.Result r = FormattingScore.score(List.of("Is that in shot? [inaudible 00:07:06]. Just kidding, hahahaha"),
                tokens("Is that in shot? Just kidding."));
        assertEquals(6, r.referenceWords());
        assertEquals(6, r.recognisedWords());
        assertEquals(new FormattingScore.Counts(2, 0, 0), r.sentenceEnds());
    }

    @Test
    void shapesAndMarks() {
        assertEquals(FormattingScore.Shape.ALL_CAPS, FormattingScore.shape("BBC's"));
        assertEquals(FormattingScore.Shape.CAPITALISED, FormattingScore.shape("I'm"));
        assertEquals(FormattingScore.Shape.CAPITALISED, FormattingScore.shape("\"Twitter,"));
        assertEquals(FormattingScore.Shape.LOWER, FormattingScore.shape("xAI"));
        assertNull(FormattingScore.shape("$44"));
        assertEquals('?', FormattingScore.mark("for?\""));
        assertEquals('.', FormattingScore.mark("so\u2026"));
        assertEquals(0, FormattingScore.mark("you-"));
    }
}
