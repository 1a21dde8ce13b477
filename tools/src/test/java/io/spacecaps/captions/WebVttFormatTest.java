package io.spacecaps.captions;

import static io.spacecaps.captions.Utterances.ELON;
import static io.spacecaps.captions.Utterances.utterance;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WebVttFormatTest {

    @Test
    void rendersVoiceTaggedCuesWithEscapedNames() {
        assertEquals("WEBVTT\n\n"
                        + "00:00:00.000 --> 00:00:02.500\n<v Elon Musk>i don't know\n\n"
                        + "00:00:02.700 --> 00:00:05.200\n<v Elon Musk>i like spontaneity\n\n"
                        + "00:00:05.600 --> 00:00:07.400\n<v James &lt;BBC&gt; &amp; Co>you know what it stands for\n\n"
                        // Cut by the 7 s limit: "opportunity" would still fit on the second line.
                        + "00:00:08.000 --> 00:00:14.800\n<v Elon Musk>yes i do so there's a lot going on so i\n"
                        + "thought this might be a good\n\n"
                        + "00:00:14.800 --> 00:00:17.000\n<v Elon Musk>opportunity to answer some questions\n\n",
                TranscriptFormats.VTT.render(Utterances.exchange()));
    }

    @Test
    void escapesMarkupInText() {
        assertEquals("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Elon Musk>at&amp;t &lt;unk&gt; --&gt; ok\n\n",
                TranscriptFormats.VTT.render(List.of(
                        utterance(ELON, "t-elon", 0, 1000, 2000, "at&t <unk> --> ok", List.of()))));
    }
}
