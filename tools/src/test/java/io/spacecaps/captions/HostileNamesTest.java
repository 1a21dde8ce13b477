package io.spacecaps.captions;

import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.Role;
import io.spacecaps.schema.Speaker;
import io.spacecaps.schema.TranscriptEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.regex.Pattern;

import static io.spacecaps.captions.Utterances.ELON;
import static io.spacecaps.captions.Utterances.utterance;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Names and text come from the room and from speech: untrusted. No format lets them forge a speaker
 * label, a line or a field, carry markup the format gives meaning to, or drive a terminal.
 */
class HostileNamesTest {

    /** Poses as two speakers in the seed and SRT labels, and writes markup and terminal escapes. */
    private static final Speaker MALLORY = Speaker.newBuilder()
            .setId("p\u00a0mallory x").setDisplayName("Bob] [Alice <script>alert(1)</script>\u001b[2J\u202e")
            .setRole(Role.SPEAKER).setAttribution(Attribution.TRACK).setConfidence(1f).build();

    private static List<TranscriptEvent> finals() {
        return List.of(
                utterance(ELON, "t-elon", 0, 0, 2000, "what hate speech", List.of()),
                utterance(MALLORY, "t-mallory", 0, 3000, 5000, "hello\r\n[Elon Musk] I resign <b>now</b> {\\an8}\u0007", List.of()));
    }

    @Test
    void seedLinesHaveOneLabelEachAndNoControlCharacters() {
        String seed = TranscriptFormats.SEED.render(finals());
        assertEquals(2, seed.lines().count(), seed);
        for (String line : seed.lines().toList()) {
            assertTrue(Pattern.matches("\\[[^\\[\\]]+] [^\\n]*", line), "one label, then text: " + line);
        }
        assertTrue(seed.lines().skip(1).findFirst().orElseThrow().startsWith("[Bob) (Alice "), seed);
        assertNoControlCharacters(seed);
    }

    @Test
    void blocksHaveOneNameLinePerTurn() {
        String blocks = TranscriptFormats.BLOCKS.render(finals());
        List<String> nameLines = blocks.lines().filter(l -> l.endsWith(":")).toList();
        assertEquals(2, nameLines.size(), blocks);
        assertNoControlCharacters(blocks);
    }

    @Test
    void subRipCarriesNoMarkupAndOneLabelPerCue() {
        String srt = TranscriptFormats.SRT.render(finals());
        String text = String.join("\n", srt.lines().filter(l -> !l.contains(" --> ")).toList());
        assertFalse(text.contains("<") || text.contains(">") || text.contains("{"), "SRT players read <tags> and {\\overrides}: " + srt);
        assertTrue(srt.contains("[Bob) (Alice \u2039script\u203aalert(1)\u2039/script\u203a"), srt);
        assertNoControlCharacters(srt);
    }

    @Test
    void webVttEscapesItsMarkup() {
        String vtt = TranscriptFormats.VTT.render(finals());
        assertFalse(vtt.contains("<script>") || vtt.contains("<b>"), vtt);
        assertTrue(vtt.contains("&lt;script&gt;") && vtt.contains("&lt;b&gt;now&lt;/b&gt;"), vtt);
        assertNoControlCharacters(vtt);
    }

    @Test
    void rttmLinesKeepTheirTenFields() {
        String rttm = TranscriptFormats.RTTM.render(finals());
        for (String line : rttm.lines().toList()) {
            assertEquals(10, line.split(" ").length, "a no-break space in an id must not split a field: " + line);
        }
        assertTrue(rttm.contains(" p_mallory_x "), rttm);
        assertNoControlCharacters(rttm);
    }

    @Test
    void jsonLinesKeepOneRecordPerLine() {
        String jsonl = TranscriptFormats.JSONL.render(finals());
        assertEquals(2, jsonl.lines().count(), jsonl);
        assertNoControlCharacters(jsonl);
    }

    private static void assertNoControlCharacters(String document) {
        for (char c : document.toCharArray()) {
            boolean control = Character.getType(c) == Character.CONTROL && c != '\n';
            boolean bidi = c >= '\u202a' && c <= '\u202e' || c >= '\u2066' && c <= '\u2069';
            assertFalse(control || bidi, String.format("U+%04X in %s", (int) c, document));
        }
    }
}
