package io.spacecaps.captions;

import static io.spacecaps.captions.Utterances.ELON;
import static io.spacecaps.captions.Utterances.captionsOff;
import static io.spacecaps.captions.Utterances.written;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.Speaker;
import io.spacecaps.schema.TranscriptEvent;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Cues shaped for reading, on captions as the job writes them (written tokens over Vosk's words). */
class CueSplitterTest {

    private static final Speaker JAMES = Speaker.newBuilder().setId("p-james").setDisplayName("James Clayton")
            .setAttribution(Attribution.TRACK).setConfidence(1f).build();
    /** One line a cue, so that where each cut falls is plain to see. */
    private static final CueLimits ONE_LINE = new CueLimits(1, 42, 20, 1000, 7000);

    private static String vtt(CueLimits limits, TranscriptEvent... finals) {
        return TranscriptFormats.VTT.withLimits(limits).render(List.of(finals));
    }

    private static String srt(TranscriptEvent... finals) {
        return TranscriptFormats.SRT.render(List.of(finals));
    }

    @Test
    void cutsAfterASentenceFirst() {
        assertEquals("WEBVTT\n\n"
                        + "00:00:00.000 --> 00:00:01.050\n<v Elon Musk>We bought it.\n\n"
                        + "00:00:01.050 --> 00:00:03.500\n<v Elon Musk>Then we sold the whole thing again.\n\n",
                vtt(ONE_LINE, written(ELON, "t", 0, 0, 350, "We", "bought", "it.", "Then", "we", "sold", "the", "whole",
                        "thing", "again.")));
    }

    @Test
    void cutsAfterAClauseOrBeforeAConjunctionWhereNoSentenceEnds() {
        assertEquals("WEBVTT\n\n"
                        + "00:00:00.000 --> 00:00:01.400\n<v Elon Musk>When the rocket landed,\n\n"
                        + "00:00:01.400 --> 00:00:03.500\n<v Elon Musk>the crew was there and cheered.\n\n",
                vtt(ONE_LINE, written(ELON, "t", 0, 0, 350, "When", "the", "rocket", "landed,", "the", "crew", "was", "there",
                        "and", "cheered.")));
        assertEquals("WEBVTT\n\n"
                        + "00:00:00.000 --> 00:00:02.100\n<v Elon Musk>The rockets were ready on Monday\n\n"
                        + "00:00:02.100 --> 00:00:04.200\n<v Elon Musk>and the crew was there too.\n\n",
                vtt(ONE_LINE, written(ELON, "t", 0, 0, 350, "The", "rockets", "were", "ready", "on", "Monday", "and", "the",
                        "crew", "was", "there", "too.")));
    }

    @Test
    void neverCutsInsideAWrittenTokenAndKeepsCapitalisedNamesTogether() {
        // Lines of 20: "We met with Elon" would fit, "$44 billion" (four spoken words) is one token.
        assertEquals("WEBVTT\n\n"
                        + "00:00:00.000 --> 00:00:01.050\n<v Elon Musk>We met with\n\n"
                        + "00:00:01.050 --> 00:00:02.100\n<v Elon Musk>Elon Musk yesterday.\n\n"
                        + "00:00:02.100 --> 00:00:04.200\n<v Elon Musk>It cost $44 billion\n\n"
                        + "00:00:04.200 --> 00:00:05.250\n<v Elon Musk>in the end.\n\n",
                vtt(new CueLimits(1, 20, 20, 1000, 7000), written(ELON, "t", 0, 0, 350, "We", "met", "with", "Elon", "Musk",
                        "yesterday.", "It", "cost", "$44 billion|forty four billion dollars", "in", "the", "end.")));
    }

    @Test
    void aCueStaysAtLeastASecondAndTheNextWaitsForIt() {
        assertEquals("1\n00:00:00,000 --> 00:00:01,000\n[James Clayton] Okay.\n\n"
                        + "2\n00:00:01,000 --> 00:00:02,300\n[Elon Musk] So that would be accurate.\n\n",
                srt(written(JAMES, "j", 0, 0, 100, "Okay."),
                        written(ELON, "t", 0, 500, 300, "So", "that", "would", "be", "accurate.")));
    }

    @Test
    void aCueTooFastToReadStaysLongerIntoThePauseButNeverIntoTheNextCueAndIsReported() {
        List<TranscriptEvent> finals = List.of(
                // 13 characters in 300 ms: 650 ms to read, 1 s at least, and a pause to take it from.
                written(ELON, "t", 0, 0, 100, "I", "don't", "know."),
                // 71 characters in 2.55 s, and James answers 1.05 s later: no time to be found for the first cue.
                written(ELON, "t", 1, 3000, 150, "There's", "a", "lot", "going", "on", "and", "I", "actually", "do", "have",
                        "a", "lot", "of", "respect", "for", "the", "BBC.|b b c"),
                written(JAMES, "j", 0, 6600, 300, "Right."));
        assertEquals("1\n00:00:00,000 --> 00:00:01,000\n[Elon Musk] I don't know.\n\n"
                        + "2\n00:00:03,000 --> 00:00:05,100\n[Elon Musk] There's a lot going on\nand I actually do have a lot of respect\n\n"
                        + "3\n00:00:05,100 --> 00:00:06,100\n[Elon Musk] for the BBC.\n\n"
                        + "4\n00:00:06,600 --> 00:00:07,600\n[James Clayton] Right.\n\n",
                TranscriptFormats.SRT.render(finals));
        assertEquals(List.of("cue 2 (00:00:03.000 --> 00:00:05.100) reads at 29.5 characters per second (limit 20): "
                + "\"There's a lot going on and I actually do have a lot of respect\""), TranscriptFormats.SRT.problems(finals));
        assertEquals(List.of(), TranscriptFormats.SEED.problems(finals));
    }

    @Test
    void noCueHoldsMoreThanItsLongestTimeOfSpeech() {
        assertEquals("1\n00:00:00,000 --> 00:00:06,000\n[Elon Musk] We have to be very careful\n\n"
                        + "2\n00:00:06,000 --> 00:00:12,000\n[Elon Musk] about what we say here today.\n\n",
                srt(written(ELON, "t", 0, 0, 1000, "We", "have", "to", "be", "very", "careful", "about", "what", "we", "say",
                        "here", "today.")));
    }

    @Test
    void aSpeakerWhoDeclinedCaptionsIsShownAsSpeakingWithCaptionsOff() {
        TranscriptEvent off = captionsOff(ELON, "t", 2000);
        TranscriptEvent thanks = written(JAMES, "j", 0, 4000, 300, "Thank", "you.");
        // 25 characters at 20 a second: 1.25 s.
        assertEquals("1\n00:00:02,000 --> 00:00:03,250\n[Elon Musk: captions off]\n\n"
                        + "2\n00:00:04,000 --> 00:00:05,000\n[James Clayton] Thank you.\n\n",
                srt(off, thanks));
        assertEquals("WEBVTT\n\n00:00:02.000 --> 00:00:03.250\n<v Elon Musk>[Elon Musk: captions off]\n\n"
                        + "00:00:04.000 --> 00:00:05.000\n<v James Clayton>Thank you.\n\n",
                vtt(CueLimits.BROADCAST, off, thanks));
    }

    @Test
    void theSameWordsInTwoLinesOrInOneLineCues() {
        TranscriptEvent said = written(ELON, "t", 0, 0, 350, "Yes,", "I", "do,", "so", "there's", "a", "lot", "going", "on.");
        assertEquals("WEBVTT\n\n00:00:00.000 --> 00:00:03.150\n<v Elon Musk>Yes, I do, so there's a lot going on.\n\n",
                vtt(CueLimits.BROADCAST, said));
        assertEquals("WEBVTT\n\n00:00:00.000 --> 00:00:01.050\n<v Elon Musk>Yes, I do,\n\n"
                        + "00:00:01.050 --> 00:00:03.150\n<v Elon Musk>so there's a lot going on.\n\n",
                vtt(new CueLimits(1, 26, 20, 1000, 7000), said));
    }

    @Test
    void limitsAreChecked() {
        assertEquals("maxLines must be 1 or more, not 0; maxMillis must be 1 or more and at least minMillis (1000), not 500",
                assertThrows(IllegalArgumentException.class, () -> new CueLimits(0, 42, 20, 1000, 500)).getMessage());
        assertEquals(List.of("maxLineChars must be 10 or more, not 9", "maxCharsPerSecond must be a number above 0, not NaN",
                "minMillis must be 0 or more, not -1"), CueLimits.problems(1, 9, Double.NaN, -1, 7000));
    }
}
