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
