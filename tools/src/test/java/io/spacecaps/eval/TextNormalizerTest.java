package io.spacecaps.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextNormalizerTest {

    @Test
    void lowerCasesAndStripsPunctuationKeepingApostrophesInsideWords() {
        assertEquals(List.of("i", "don't", "know", "i", "like", "spontaneity", "there's", "a", "lot", "going", "on"),
                TextNormalizer.normalize("I don't know. I like spontaneity... There's a lot going on!"));
    }

    @Test
    void dropsApostrophesAndQuotesAtWordEdges() {
        assertEquals(List.of("the", "bbc", "said", "hello", "the", "players", "ball"),
                TextNormalizer.normalize("The \"BBC\" said: 'hello' -- the players' ball"));
    }

    @Test
    void treatsTypographicApostrophesAndQuotesLikeAscii() {
        assertEquals(List.of("you're", "state", "affiliated", "media", "don't"),
                TextNormalizer.normalize("\u201CYou\u2019re state\u2011affiliated media,\u201D don\u02BCt"));
    }

    @Test
    void splitsHyphenatedWordsAndDropsDashes() {
        assertEquals(List.of("state", "affiliated", "media", "so", "you're", "going", "to"),
                TextNormalizer.normalize("state-affiliated media \u2014 So you're going to----"));
    }

    @Test
    void spellsOutIntegers() {
        assertEquals(List.of("eight"), TextNormalizer.normalize("8"));
        assertEquals(List.of("forty", "four"), TextNormalizer.normalize("44"));
        assertEquals(List.of("two", "thousand", "twenty", "three"), TextNormalizer.normalize("2023"));
        assertEquals(List.of("zero"), TextNormalizer.normalize("0"));
        assertEquals(List.of("one", "hundred"), TextNormalizer.normalize("100"));
        assertEquals(List.of("one", "hundred", "five"), TextNormalizer.normalize("105"));
        assertEquals(List.of("nineteen"), TextNormalizer.normalize("19"));
        assertEquals(List.of("one", "million"), TextNormalizer.normalize("1,000,000"));
        assertEquals(List.of("nine", "hundred", "ninety", "nine", "million", "nine", "hundred", "ninety", "nine",
                "thousand", "nine", "hundred", "ninety", "nine"), TextNormalizer.normalize("999999999"));
        assertEquals(List.of("twelve", "million", "three", "hundred", "forty", "five", "thousand", "six", "hundred",
                "seventy", "eight"), TextNormalizer.normalize("12345678"));
        assertEquals(List.of("forty", "four", "billion"), TextNormalizer.normalize("44,000,000,000"));
        assertEquals(List.of("seven"), TextNormalizer.normalize("007"));
    }

    @Test
    void readsVeryLongNumbersDigitByDigit() {
        assertEquals(List.of("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "zero", "one",
                "two", "three"), TextNormalizer.normalize("1234567890123"));
    }

    @Test
    void spellsPercentDecimalsOrdinalsAndAmpersands() {
        assertEquals(List.of("fifty", "percent"), TextNormalizer.normalize("50%"));
        assertEquals(List.of("three", "point", "one", "four", "percent"), TextNormalizer.normalize("3.14 %"));
        assertEquals(List.of("the", "first", "second", "third", "twenty", "second", "twelfth", "fortieth",
                "one", "hundredth"), TextNormalizer.normalize("the 1st, 2nd, 3rd, 22nd, 12th, 40th, 100th"));
        assertEquals(List.of("q", "and", "a"), TextNormalizer.normalize("Q&A"));
    }

    @Test
    void readsAmountsOfMoneyAsTheyAreSaid() {
        assertEquals(List.of("forty", "four", "billion", "dollars", "for", "twitter"), TextNormalizer.normalize("$44 billion for Twitter"));
        assertEquals(List.of("it", "cost", "one", "dollar"), TextNormalizer.normalize("It cost $1."));
        assertEquals(List.of("one", "million", "dollars"), TextNormalizer.normalize("$1 million"));
        assertEquals(List.of("twelve", "euros", "fifty", "pounds"), TextNormalizer.normalize("€12, £50"));
        assertEquals(List.of("one", "point", "five", "dollars"), TextNormalizer.normalize("$1.5"));
    }

    @Test
    void splitsDigitsFromLetters() {
        assertEquals(List.of("ninety", "s", "four", "k", "covid", "nineteen"),
                TextNormalizer.normalize("'90s 4K COVID-19"));
    }

    @Test
    void returnsNothingForEmptyOrPunctuationOnlyText() {
        assertEquals(List.of(), TextNormalizer.normalize(""));
        assertEquals(List.of(), TextNormalizer.normalize("  -- ... !? "));
        assertEquals(List.of(), TextNormalizer.normalize(null));
    }

    @Test
    void keepsLettersOfOtherScripts() {
        assertEquals(List.of("café", "geïnterviewde", "zürich"), TextNormalizer.normalize("Café, geïnterviewde; Zürich."));
    }
}
