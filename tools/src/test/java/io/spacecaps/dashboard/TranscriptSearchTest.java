package io.spacecaps.dashboard;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TranscriptSearchTest {

    private static String found(String text, String phrase) {
        return TranscriptSearch.find(text, TranscriptSearch.normalise(phrase)).map(s -> text.substring(s.start(), s.end())).orElse(null);
    }

    @Test
    void caseSpacingAndPunctuationDoNotMatter() {
        assertEquals("What, hate  speech", found("What, hate  speech are you talking about?", "what hate speech"));
        assertEquals("Talking about", found("What hate speech are you Talking about?", "talking ABOUT"));
    }

    @Test
    void apostrophesMayBeLeftOut() {
        assertEquals("don't know", found("I don't know.", "dont know"));
        assertEquals("don’t", found("I don’t.", "don't"));
    }

    @Test
    void onlyWholeWords() {
        assertEquals(null, found("We start now.", "art"));
        assertEquals("art", found("State of the art.", "art"));
    }

    @Test
    void nothingToSearchForFindsNothing() {
        assertEquals("", TranscriptSearch.normalise(" ?! "));
        assertEquals(Optional.empty(), TranscriptSearch.find("anything", ""));
        assertTrue(TranscriptSearch.find("", "a").isEmpty());
    }
}
