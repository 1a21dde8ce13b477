package io.spacecaps.captions;

import static io.spacecaps.captions.Utterances.ELON;
import static io.spacecaps.captions.Utterances.utterance;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Captions from before written tokens (text = the words, or no word timings); see CueSplitterTest for v2 captions. */
class WebVttFormatTest {

    @Test
    void rendersVoiceTaggedCuesWithEscapedNames() {
        assertEquals("WEBVTT\n\n"
                        + "00:00:00.300 --> 00:00:01.300\n<v Elon Musk>i don't know\n\n"
                        + "00:00:02.700 --> 00:00:04.000\n<v Elon Musk>i like spontaneity\n\n"
                        + "00:00:05.600 --> 00:00:07.335\n<v James &lt;BBC&gt; &amp; Co>you know what it stands for\n\n"
                        // The voice tag takes no room, so the first cue has a line to itself.
                        + "00:00:08.000 --> 00:00:11.600\n<v Elon Musk>yes i do so there's a lot going on\n\n"
                        + "00:00:11.600 --> 00:00:16.800\n<v Elon Musk>so i thought this might be a good\n"
                        + "opportunity to answer some questions\n\n",
                TranscriptFormats.VTT.render(Utterances.exchange()));
    }

    @Test
    void escapesMarkupInText() {
        assertEquals("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Elon Musk>at&amp;t &lt;unk&gt; --&gt; ok\n\n",
                TranscriptFormats.VTT.render(List.of(
                        utterance(ELON, "t-elon", 0, 1000, 2000, "at&t <unk> --> ok", List.of()))));
    }
}
