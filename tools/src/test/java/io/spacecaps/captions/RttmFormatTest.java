package io.spacecaps.captions;

import static io.spacecaps.captions.Utterances.ELON;
import static io.spacecaps.captions.Utterances.utterance;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.Speaker;
import java.util.List;
import org.junit.jupiter.api.Test;

class RttmFormatTest {

    @Test
    void oneLinePerTurnMergingPausesUnderHalfASecond() {
        assertEquals("SPEAKER 1YqKDoXXabc 1 0.000 5.200 <NA> <NA> p-elon <NA> <NA>\n"
                        + "SPEAKER 1YqKDoXXabc 1 5.600 1.800 <NA> <NA> james-bbc-co <NA> <NA>\n"
                        + "SPEAKER 1YqKDoXXabc 1 8.000 9.000 <NA> <NA> p-elon <NA> <NA>\n",
                TranscriptFormats.RTTM.render(Utterances.exchange()));
    }

    @Test
    void aPauseOfHalfASecondOrMoreStartsANewTurn() {
        assertEquals("SPEAKER 1YqKDoXXabc 1 0.000 2.499 <NA> <NA> p-elon <NA> <NA>\n"
                        + "SPEAKER 1YqKDoXXabc 1 2.999 1.001 <NA> <NA> p-elon <NA> <NA>\n",
                TranscriptFormats.RTTM.render(List.of(
                        utterance(ELON, "t-elon", 0, 0, 1000, "one", List.of()),
                        utterance(ELON, "t-elon", 1, 1499, 2499, "two", List.of()),
                        utterance(ELON, "t-elon", 2, 2999, 4000, "three", List.of()))));
    }

    @Test
    void labelsSpeakersWithoutIdByASlugOfTheirName() {
        Speaker voice = Speaker.newBuilder().setId(" voice 1 ").setDisplayName("Voice 1")
                .setAttribution(Attribution.VOICE).setConfidence(0.5f).build();
        Speaker nameless = Speaker.newBuilder().setId(null).setDisplayName(" ?! ")
                .setAttribution(Attribution.UNKNOWN).setConfidence(0f).build();
        Speaker accented = Speaker.newBuilder().setId("").setDisplayName("José Ñúñez")
                .setAttribution(Attribution.ROSTER).setConfidence(0.9f).build();

        assertEquals("SPEAKER 1YqKDoXXabc 1 0.000 1.000 <NA> <NA> voice_1 <NA> <NA>\n"
                        + "SPEAKER 1YqKDoXXabc 1 2.000 1.000 <NA> <NA> unknown <NA> <NA>\n"
                        + "SPEAKER 1YqKDoXXabc 1 4.000 0.250 <NA> <NA> josé-ñúñez <NA> <NA>\n",
                TranscriptFormats.RTTM.render(List.of(
                        utterance(voice, "mix", 0, 0, 1000, "a", List.of()),
                        utterance(nameless, "mix", 1, 2000, 3000, "b", List.of()),
                        utterance(accented, "mix", 2, 4000, 4250, "c", List.of()))));
    }

    @Test
    void aSpeakerWhoDeclinedCaptionsHasNoTurns() {
        assertEquals("SPEAKER 1YqKDoXXabc 1 0.000 1.000 <NA> <NA> p-elon <NA> <NA>\n",
                TranscriptFormats.RTTM.render(List.of(
                        utterance(ELON, "t-elon", 0, 0, 1000, "one", List.of()),
                        Utterances.captionsOff(Utterances.JAMES, "t-james", 1500))));
    }
}
