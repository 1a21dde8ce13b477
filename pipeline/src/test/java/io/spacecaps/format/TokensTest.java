package io.spacecaps.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static io.spacecaps.format.Speech.words;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokensTest {

    private static final Vocabulary VOCABULARY = Vocabulary.of(List.of("Elon Musk", "@elonmusk"),
            List.of("Starlink"), Map.of("x a i", "xAI"), List.of("shit"));

    private static Formatted format(String script) {
        return CaptionFormatter.shared().formatFinal(words(script), VOCABULARY, new SentenceState(), 800);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "well i think it went really well . but what do you think",
            "i'm sure that's right isn't it",
            "he lives in new york , and i've been to london . have you",
            "elon musk said starlink is great , you know what i mean",
            "the sound is great today . the first stage landed , and the second one did not",
            "oh my god , twitter and facebook and the united states",
            "we went to the ... shop and then we left"})
    void writtenTextLowerCasedWithoutPunctuationGivesBackTheWords(String script) {
        List<SpokenWord> spoken = words(script);
        Formatted formatted = format(script);
        String unwritten = formatted.text().toLowerCase(Locale.ROOT).replaceAll("[.,?!]", "");
        assertEquals(spoken.stream().map(SpokenWord::word).collect(Collectors.joining(" ")), unwritten);
        assertCoversEveryWordOnceInOrder(formatted, spoken.size());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "they paid forty four billion dollars at ten thirty a m",
            "the b b c said x a i raised five dollars and fifty cents",
            "at elon musk said shit on the twenty first",
            "a hundred and fifty people in twenty twenty three"})
    void tokensCoverEveryWordOnceInOrder(String script) {
        assertCoversEveryWordOnceInOrder(format(script), words(script).size());
    }

    @Test
    void aWrittenNumberSpansTheWordsItWasSaidWith() {
        Formatted formatted = format("they paid forty four billion dollars at ten thirty a m");
        assertEquals(List.of(
                new Formatted.Token("They", 0, 0),
                new Formatted.Token("paid", 1, 1),
                new Formatted.Token("$44", 2, 3),
                new Formatted.Token("billion", 4, 5),
                new Formatted.Token("at", 6, 6),
                new Formatted.Token("10:30", 7, 8),
                new Formatted.Token("AM.", 9, 10)), formatted.tokens());
        assertEquals("They paid $44 billion at 10:30 AM.", formatted.text());
    }

    @Test
    void tokensJoinedBySpacesAreTheText() {
        Formatted formatted = format("hello , elon musk . x a i is here");
        assertEquals(formatted.text(),
                formatted.tokens().stream().map(Formatted.Token::text).collect(Collectors.joining(" ")));
        assertEquals(new Formatted.Token("Elon Musk.", 1, 2), formatted.tokens().get(1));
        assertEquals(new Formatted.Token("xAI", 3, 5), formatted.tokens().get(2));
    }

    /** Any mix of number words, letters and function words comes out covered and without an exception. */
    @Test
    void randomMixesOfTrickyWordsAreAlwaysCovered() {
        String[] tricky = {"a", "i", "and", "the", "one", "two", "ten", "twelve", "twenty", "forty", "nineteen",
                "hundred", "thousand", "million", "billion", "point", "oh", "zero", "first", "second", "twenty",
                "dollars", "cents", "percent", "per", "cent", "p", "m", "b", "c", "s", "at", "of", "right", "is", "it",
                "isn't", "what", "do", "you", "elon", "musk", "x", "shit", "nineties", "o'clock", "may", "in"};
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 2000; round++) {
            StringBuilder script = new StringBuilder();
            int length = 1 + random.nextInt(12);
            for (int w = 0; w < length; w++) {
                script.append(tricky[random.nextInt(tricky.length)]).append(' ');
                if (random.nextInt(5) == 0) {
                    script.append(random.nextBoolean() ? ", " : ". ");
                }
            }
            String text = script.toString();
            List<SpokenWord> spoken = words(text);
            SentenceState state = new SentenceState();
            Formatted formatted = CaptionFormatter.shared().formatFinal(spoken, VOCABULARY, state, random.nextInt(1500));
            assertCoversEveryWordOnceInOrder(formatted, spoken.size());
            Formatted partial = CaptionFormatter.shared().formatPartial(spoken, VOCABULARY, state);
            assertCoversEveryWordOnceInOrder(partial, spoken.size());
        }
    }

    static void assertCoversEveryWordOnceInOrder(Formatted formatted, int wordCount) {
        int expectedFirst = 0;
        for (Formatted.Token token : formatted.tokens()) {
            assertEquals(expectedFirst, token.firstWord(), () -> "gap or overlap at " + token);
            assertTrue(token.lastWord() >= token.firstWord(), () -> "empty range " + token);
            assertTrue(!token.text().isBlank(), () -> "blank token " + token);
            expectedFirst = token.lastWord() + 1;
        }
        assertEquals(wordCount, expectedFirst);
    }
}
