package io.spacecaps.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static io.spacecaps.format.Speech.say;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CasingTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            i think i'm right and i've said so                | I think I'm right, and I've said so.
            i'd go if i'll be back by then                    | I'd go if I'll be back by then.
            i saw it on twitter                               | I saw it on Twitter.
            the bbc and npr reported it on monday             | The BBC and NPR reported it on Monday.
            she speaks english in america                     | She speaks English in America.
            we flew from london to chicago in december        | We flew from London to Chicago in December.
            he lives in new york in the united states         | He lives in New York in the United States.
            you will pay the bill if you may                  | You will pay the bill if you may.
            an apple a day and a mark on the wall             | An apple a day and a mark on the wall.
            he watched tv on youtube                          | He watched TV on YouTube.
            they use google and facebook                      | They use Google and Facebook.
            to be frank it is fine                            | To be frank it is fine.
            we may go in may or in august                     | We may go in May or in August.
            they march in march                               | They march in March.
            it's god's own country                            | It's God's own country.
            the grey colour of london's sky                   | The grey colour of London's sky.
            """)
    void dictionaryCasing(String spoken, String written) {
        assertEquals(written, say(spoken));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            the b b c said so                    | The BBC said so.
            he works for the f b i               | He works for the FBI.
            i heard it on n p r today            | I heard it on NPR today.
            it's a b grade                       | It's a b grade.
            a i will change everything           | AI will change everything.
            the b b c i think                    | The BBC I think.
            the c e o s met                      | The CEOs met.
            he moved to the u s                  | He moved to the US.
            she works in i t                     | She works in IT.
            they told us                         | They told us.
            """)
    void spelledOutAcronymsJoinWhenKnown(String spoken, String written) {
        assertEquals(written, say(spoken));
    }

    @Test
    void theVocabularyNamesTermsAndHandles() {
        Vocabulary vocabulary = Vocabulary.of(List.of("Elon Musk", "@elonmusk", "James Clayton", "@jc_writes"),
                List.of("Starlink", "xAI", "Apple", "Falcon Heavy"), Map.of(), List.of());
        assertEquals("Elon Musk said Starlink works.", say("elon musk said starlink works", vocabulary));
        assertEquals("Follow @elonmusk and @jc_writes.", say("follow at elon musk and at jc writes", vocabulary));
        assertEquals("James Clayton asked Musk about xAI.", say("james clayton asked musk about x a i", vocabulary));
        assertEquals("xAI is new.", say("xai is new", vocabulary));
        assertEquals("Apple sells phones.", say("apple sells phones", vocabulary));
        assertEquals("The Falcon Heavy flew.", say("the falcon heavy flew", vocabulary));
        assertEquals("He's here.", say("he's here", vocabulary));
        assertEquals("Musk's rocket and Starlink's dishes.", say("musk's rocket and starlink's dishes", vocabulary));
    }

    @Test
    void namePartsDoNotCapitaliseCommonWords() {
        Vocabulary vocabulary = Vocabulary.of(List.of("Mark Will"), List.of(), Map.of(), List.of());
        assertEquals("Mark Will said we will mark it.", say("mark will said we will mark it", vocabulary));
    }
}
