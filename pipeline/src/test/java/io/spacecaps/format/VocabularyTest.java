package io.spacecaps.format;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.Map;

import static io.spacecaps.format.Speech.say;
import static org.junit.jupiter.api.Assertions.assertEquals;

class VocabularyTest {

    @Test
    void phrasesApplyBeforeAnythingElse() {
        Vocabulary vocabulary = Vocabulary.of(List.of(), List.of(),
                Map.of("x a i", "xAI", "b b c", "BBC", "space caps", "Spacecaps", "forty two", "Forty-Two"),
                List.of());
        assertEquals("Welcome to Spacecaps on xAI and the BBC.",
                say("welcome to space caps on x a i and the b b c", vocabulary));
        assertEquals("The answer is Forty-Two.", say("the answer is forty two", vocabulary));
    }

    @Test
    void maskedWordsKeepTheirFirstLetter() {
        Vocabulary vocabulary = Vocabulary.of(List.of(), List.of(), Map.of(), List.of("Damn", "shit"));
        assertEquals("D*** it, this is s***.", say("damn it , this is shit", vocabulary));
        assertEquals("Damn it.", say("damn it"));
    }

    @Test
    void survivesJavaSerialisation() throws Exception {
        Vocabulary vocabulary = Vocabulary.of(List.of("Elon Musk"), List.of("Starlink"), Map.of("x a i", "xAI"),
                List.of("shit"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(vocabulary);
        }
        Vocabulary copy;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (Vocabulary) in.readObject();
        }
        assertEquals("Elon Musk likes Starlink and xAI, s***.",
                say("elon musk likes starlink and x a i , shit", copy));
    }
}
