package io.spacecaps.captions;

import static io.spacecaps.captions.Utterances.ELON;
import static io.spacecaps.captions.Utterances.utterance;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubRipFormatTest {

    @Test
    void rendersNumberedCuesSplittingLongUtterancesAtWordTimings() {
        assertEquals("1\n00:00:00,000 --> 00:00:02,500\n[Elon Musk] i don't know\n\n"
                        + "2\n00:00:02,700 --> 00:00:05,200\n[Elon Musk] i like spontaneity\n\n"
                        + "3\n00:00:05,600 --> 00:00:07,400\n[James <BBC> & Co] you know what it stands\nfor\n\n"
                        // Two full lines: the second is exactly 42 characters.
                        + "4\n00:00:08,000 --> 00:00:14,800\n[Elon Musk] yes i do so there's a lot\n"
                        + "going on so i thought this might be a good\n\n"
                        + "5\n00:00:14,800 --> 00:00:17,000\n[Elon Musk] opportunity to answer some\nquestions\n\n",
                TranscriptFormats.SRT.render(Utterances.exchange()));
    }

    @Test
    void splitsAnUntimedUtteranceBySpreadingItsTimeOverItsCharacters() {
        // 20 four-letter words over 10 s: each word with its space is 500 ms, so word n ends at 500 n + 400.
        String text = "word ".repeat(20).strip();

        assertEquals("1\n00:00:00,000 --> 00:00:06,900\n[Elon Musk] word word word word word word\n"
                        + "word word word word word word word word\n\n"
                        + "2\n00:00:07,000 --> 00:00:10,000\n[Elon Musk] word word word word word word\n\n",
                TranscriptFormats.SRT.render(List.of(utterance(ELON, "t-elon", 0, 0, 10_000, text, List.of()))));
    }

    @Test
    void timestampsPastAnHour() {
        assertEquals("1\n01:02:03,004 --> 101:00:00,000\n[Elon Musk] ok\n\n",
                TranscriptFormats.SRT.render(List.of(
                        utterance(ELON, "t-elon", 0, 3_723_004, 363_600_000, "ok", List.of()))));
    }
}
