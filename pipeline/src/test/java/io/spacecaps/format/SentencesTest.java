package io.spacecaps.format;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static io.spacecaps.format.Speech.say;
import static io.spacecaps.format.Speech.words;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SentencesTest {

    private final CaptionFormatter formatter = CaptionFormatter.shared();

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            the sound is great today                                 | The sound is great today.
            i can hear you fine . the sound is great                 | I can hear you fine. The sound is great.
            it launched on monday , and it carried a satellite       | It launched on Monday, and it carried a satellite.
            we went to the . shop                                    | We went to the shop.
            we went to the ... shop                                  | We went to the. Shop.
            i think that . the cost is too high                      | I think that. The cost is too high.
            she works for . a big company                            | She works for a big company.
            he and . i went home                                     | He and I went home.
            so then i . went home                                    | So then I went home.
            """)
    void sentencesEndOnPausesThatTheWordsAllow(String spoken, String written) {
        assertEquals(written, say(spoken));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            i can hear you fine ; the sound is great                 | I can hear you fine. The sound is great.
            yes ; i can hear you                                     | Yes, I can hear you.
            i like it ; but it's expensive                           | I like it, but it's expensive.
            when things go well ; expect trouble                     | When things go well, expect trouble.
            you are coming ; right                                   | You are coming, right?
            you know ; i think so                                    | You know, I think so.
            because we built hype for many months ; they watched     | Because we built hype for many months. They watched.
            """)
    void aMiddlingPauseIsAStopUnlessTheWordsReadAsAComma(String spoken, String written) {
        assertEquals(written, say(spoken));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            what do you think about the new rocket          | What do you think about the new rocket?
            where are you traveling next                    | Where are you traveling next?
            how much does it cost                           | How much does it cost?
            who wants coffee                                | Who wants coffee?
            why not                                         | Why not?
            what's going on                                 | What's going on?
            are you going to watch the next one             | Are you going to watch the next one?
            do you really believe that                      | Do you really believe that?
            is it getting cheaper                           | Is it getting cheaper?
            can we talk about the budget                    | Can we talk about the budget?
            is the app free                                 | Is the app free?
            so what do you think                            | So what do you think?
            but what about the price                        | But what about the price?
            you work in the space industry , right          | You work in the space industry, right?
            you work in the space industry right            | You work in the space industry, right?
            that's impressive isn't it                      | That's impressive, isn't it?
            we should do this again , shouldn't we          | We should do this again, shouldn't we?
            any questions                                   | Any questions?
            it's hard , you know what i mean                | It's hard, you know what I mean?
            when i was young i lived by the sea             | When I was young I lived by the sea.
            what a game that was                            | What a game that was.
            don't worry about it                            | Don't worry about it.
            that's right                                    | That's right.
            how i did it is a secret                        | How I did it is a secret.
            i don't know what it is                         | I don't know what it is.
            that was it                                     | That was it.
            what skills are you looking for                 | What skills are you looking for?
            does that work well                             | Does that work well?
            is nothing sacred                               | Is nothing sacred?
            the cost is rising where is it coming from      | The cost is rising where is it coming from?
            it proves who's right , just who's left         | It proves who's right, just who's left.
            that sounds about right                         | That sounds about right.
            it's nice though                                | It's nice though.
            so would i                                      | So would I.
            what makes it hard is that nobody knows         | What makes it hard is that nobody knows.
            what makes you say that                         | What makes you say that?
            is every one okay                               | Is every one okay?
            """)
    void questionsFromWordOrder(String spoken, String written) {
        assertEquals(written, say(spoken));
    }

    @Test
    void aQuestionAfterAStatementInOneBreath() {
        assertEquals("I see. Is it getting cheaper?", say("i see . is it getting cheaper"));
        assertEquals("If it rains, what do we do?", say("if it rains , what do we do"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            well i think it went really well                   | Well, I think it went really well.
            yes i can hear you                                 | Yes, I can hear you.
            okay let's move on                                 | Okay, let's move on.
            oh nice                                            | Oh, nice.
            so , today we are talking about rockets            | So, today we are talking about rockets.
            so today we are talking about rockets              | So today we are talking about rockets.
            i mean it's really exciting                        | I mean, it's really exciting.
            you know , i think the coach deserves credit       | You know, I think the coach deserves credit.
            you know the answer                                | You know the answer.
            i like the owners but the bread is amazing         | I like the owners, but the bread is amazing.
            it is small but good                               | It is small but good.
            it was very late so we left                        | It was very late, so we left.
            we ate and drank                                   | We ate and drank.
            we hired people , because salaries went up         | We hired people, because salaries went up.
            we hired people because salaries went up           | We hired people because salaries went up.
            well done                                          | Well done.
            oh my god                                          | Oh my God.
            i want to , go home                                | I want to go home.
            the , house is big                                 | The house is big.
            """)
    void commasFromMarkersConjunctionsAndPauses(String spoken, String written) {
        assertEquals(written, say(spoken));
    }

    @Test
    void aFinalEndingMidSentenceLeavesItOpenForTheNextFinal() {
        SentenceState state = new SentenceState();
        Formatted first = formatter.formatFinal(words("what do you think about"), Vocabulary.empty(), state, 150);
        assertEquals("What do you think about", first.text());
        assertTrue(state.isSentenceOpen());
        assertTrue(state.isOpenSentenceQuestion());
        assertEquals(5, state.getOpenSentenceWords());
        assertEquals("about", state.getLastWord());
        assertEquals(1250, state.getLastWordEndMs());

        Formatted second = formatter.formatFinal(words("the new rocket . it launched on monday", 2000),
                Vocabulary.empty(), state, 700);
        assertEquals("the new rocket? It launched on Monday.", second.text());
        assertFalse(state.isSentenceOpen());
        assertFalse(state.isOpenSentenceQuestion());
        assertEquals(0, state.getOpenSentenceWords());
    }

    @Test
    void aShortEndpointAfterACompleteClauseStillLeavesTheSentenceOpen() {
        SentenceState state = new SentenceState();
        assertEquals("I think we should go",
                formatter.formatFinal(words("i think we should go"), Vocabulary.empty(), state, 100).text());
        assertTrue(state.isSentenceOpen());
        assertEquals("to the park.",
                formatter.formatFinal(words("to the park", 1500), Vocabulary.empty(), state, 800).text());
    }

    @Test
    void aLongEndpointClosesTheSentence() {
        SentenceState state = new SentenceState();
        assertEquals("I think we should go.",
                formatter.formatFinal(words("i think we should go"), Vocabulary.empty(), state, 600).text());
        assertFalse(state.isSentenceOpen());
        assertEquals("Okay.", formatter.formatFinal(words("okay", 2000), Vocabulary.empty(), state, 800).text());
    }

    @Test
    void anEndpointAfterADanglingWordClosesNothingUnlessTheSilenceIsVeryLong() {
        SentenceState state = new SentenceState();
        assertEquals("I went to the",
                formatter.formatFinal(words("i went to the"), Vocabulary.empty(), state, 900).text());
        assertTrue(state.isSentenceOpen());
        assertEquals("shop and", formatter.formatFinal(words("shop and", 1800), Vocabulary.empty(), state, 900).text());
        assertEquals("then I stopped.",
                formatter.formatFinal(words("then i stopped", 3200), Vocabulary.empty(), state, 900).text());
        assertEquals("I was talking about the.",
                formatter.formatFinal(words("i was talking about the", 6000), Vocabulary.empty(), state, 4000).text());
    }

    @Test
    void anEndpointAfterICapitalisedStillDangles() {
        SentenceState state = new SentenceState();
        assertEquals("And then I", formatter.formatFinal(words("and then i"), Vocabulary.empty(), state, 900).text());
        assertTrue(state.isSentenceOpen());
    }

    @Test
    void anOpenSentenceIsNotContinuedAfterALongSilence() {
        SentenceState state = new SentenceState();
        formatter.formatFinal(words("and then we"), Vocabulary.empty(), state, 900);
        assertTrue(state.isSentenceOpen());
        assertEquals("Good morning everyone.",
                formatter.formatFinal(words("good morning everyone", 10_000), Vocabulary.empty(), state, 900).text());
    }

    @Test
    void aTagQuestionMaySpanFinals() {
        SentenceState state = new SentenceState();
        assertEquals("You are coming",
                formatter.formatFinal(words("you are coming"), Vocabulary.empty(), state, 200).text());
        assertEquals("right?", formatter.formatFinal(words("right", 1000), Vocabulary.empty(), state, 900).text());
    }

    @Test
    void partialsNeverCloseTheirLastSentenceNorTouchTheState() {
        SentenceState state = new SentenceState();
        formatter.formatFinal(words("so what do you think of"), Vocabulary.empty(), state, 200);
        String before = state.toString();
        Formatted partial = formatter.formatPartial(words("the launch . i loved it", 2000), Vocabulary.empty(), state);
        assertEquals("the launch? I loved it", partial.text());
        assertEquals(before, state.toString());
        assertEquals("Are you there", formatter.formatPartial(words("are you there"), Vocabulary.empty(),
                new SentenceState()).text());
    }

    @Test
    void nothingToFormat() {
        SentenceState state = new SentenceState();
        Formatted formatted = formatter.formatFinal(List.of(), Vocabulary.empty(), state, 800);
        assertEquals("", formatted.text());
        assertTrue(formatted.tokens().isEmpty());
        assertFalse(state.isSentenceOpen());
    }
}
