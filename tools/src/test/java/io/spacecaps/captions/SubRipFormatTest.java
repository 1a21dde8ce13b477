package io.spacecaps.captions;

import static io.spacecaps.captions.Utterances.ELON;
import static io.spacecaps.captions.Utterances.utterance;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Captions from before written tokens (text = the words, or no word timings); see CueSplitterTest for v2 captions. */
class SubRipFormatTest {

    @Test
    void rendersNumberedCuesTimedByTheirWordsWithTheLabelOnTheFirstLine() {
        assertEquals("1\n00:00:00,300 --> 00:00:01,300\n[Elon Musk] i don't know\n\n"
                        + "2\n00:00:02,700 --> 00:00:04,000\n[Elon Musk] i like spontaneity\n\n"
                        // No word timings: the utterance's time spread over its characters.
                        + "3\n00:00:05,600 --> 00:00:07,335\n[James \u2039BBC\u203a & Co] you know\nwhat it stands for\n\n"
                        // Cut before "so", a conjunction; the second line is exactly 42 characters.
                        + "4\n00:00:08,000 --> 00:00:11,600\n[Elon Musk] yes i do\nso there's a lot going on\n\n"
                        + "5\n00:00:11,600 --> 00:00:16,800\n[Elon Musk] so i thought this might be a\n"
                        + "good opportunity to answer some questions\n\n",
                TranscriptFormats.SRT.render(Utterances.exchange()));
    }

    @Test
    void splitsAnUntimedUtteranceBySpreadingItsTimeOverItsCharacters() {
        // 20 four-letter words over 10 s: each word with its space is 500 ms, so word n ends at 500 n + 400.
        String text = "word ".repeat(20).strip();

        assertEquals("1\n00:00:00,000 --> 00:00:06,900\n[Elon Musk] word word word word word word\n"
                        + "word word word word word word word word\n\n"
                        + "2\n00:00:07,000 --> 00:00:09,900\n[Elon Musk] word word word word word word\n\n",
                TranscriptFormats.SRT.render(List.of(utterance(ELON, "t-elon", 0, 0, 10_000, text, List.of()))));
    }

    @Test
    void timestampsPastAHundredHours() {
        assertEquals("1\n100:59:59,000 --> 101:00:00,000\n[Elon Musk] ok\n\n",
                TranscriptFormats.SRT.render(List.of(
                        utterance(ELON, "t-elon", 0, 363_599_000, 363_600_000, "ok", List.of()))));
    }
}
