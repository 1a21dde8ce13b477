package io.spacecaps.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class BlocksFormatTest {

    @Test
    void nameLineThenTextPerTurnLikeThePublishedTranscripts() {
        assertEquals("Elon Musk:\n\ni don't know i like spontaneity\n\n"
                        + "James <BBC> & Co:\n\nyou know what it stands for\n\n"
                        + "Elon Musk:\n\n" + Utterances.LONG_TEXT + "\n\n",
                TranscriptFormats.BLOCKS.render(Utterances.exchange()));
    }

    @Test
    void aSpeakerWhoDeclinedCaptionsIsAParagraphOfItsOwn() {
        assertEquals("Elon Musk:\n\ni don't know\n\n[James <BBC> & Co: captions off]\n\n",
                TranscriptFormats.BLOCKS.render(java.util.List.of(
                        Utterances.utterance(Utterances.ELON, "t-elon", 0, 0, 1000, "i don't know", java.util.List.of()),
                        Utterances.captionsOff(Utterances.JAMES, "t-james", 1500))));
    }
}
