package io.spacecaps.captions;

import static io.spacecaps.captions.Utterances.ELON;
import static io.spacecaps.captions.Utterances.utterance;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeedFormatTest {

    @Test
    void oneLinePerSpeakerTurn() {
        assertEquals("[Elon Musk] i don't know i like spontaneity\n"
                        + "[James <BBC> & Co] you know what it stands for\n"
                        + "[Elon Musk] " + Utterances.LONG_TEXT + "\n",
                TranscriptFormats.SEED.render(Utterances.exchange()));
    }

    @Test
    void mergesASpeakersUtterancesHoweverLongThePauseAndFlattensNewlines() {
        assertEquals("[Elon Musk] what hate speech are you talking about\n",
                TranscriptFormats.SEED.render(List.of(
                        utterance(ELON, "t-elon", 0, 0, 1000, "what hate\nspeech ", List.of()),
                        utterance(ELON, "t-elon", 1, 60_000, 61_000, "  are you   talking about", List.of()))));
    }

    @Test
    void aSpeakerWhoDeclinedCaptionsIsALineOfItsOwnOncePerTurn() {
        assertEquals("[Elon Musk] i don't know\n[James <BBC> & Co: captions off]\n[Elon Musk] i like spontaneity\n",
                TranscriptFormats.SEED.render(List.of(
                        utterance(ELON, "t-elon", 0, 0, 1000, "i don't know", List.of()),
                        Utterances.captionsOff(Utterances.JAMES, "t-james", 1500),
                        Utterances.captionsOff(Utterances.JAMES, "t-james", 9000),
                        utterance(ELON, "t-elon", 1, 12_000, 13_000, "i like spontaneity", List.of()))));
    }
}
