package io.spacecaps.captions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptFormatsTest {

    @Test
    void findsEveryFormatByItsName() {
        assertEquals(List.of("seed", "blocks", "srt", "vtt", "jsonl", "rttm"), TranscriptFormats.names());
        assertSame(TranscriptFormats.SEED, TranscriptFormats.byName("seed"));
        assertSame(TranscriptFormats.BLOCKS, TranscriptFormats.byName("blocks"));
        assertSame(TranscriptFormats.SRT, TranscriptFormats.byName("srt"));
        assertSame(TranscriptFormats.VTT, TranscriptFormats.byName("vtt"));
        assertSame(TranscriptFormats.JSONL, TranscriptFormats.byName("jsonl"));
        assertSame(TranscriptFormats.RTTM, TranscriptFormats.byName("rttm"));
    }

    @Test
    void ignoresCaseAndSurroundingSpace() {
        assertSame(TranscriptFormats.VTT, TranscriptFormats.byName(" VTT "));
    }

    @Test
    void unknownNameListsTheValidOnes() {
        assertEquals("unknown transcript format 'docx'; valid formats: seed, blocks, srt, vtt, jsonl, rttm",
                assertThrows(IllegalArgumentException.class, () -> TranscriptFormats.byName("docx")).getMessage());
        assertEquals("unknown transcript format 'null'; valid formats: seed, blocks, srt, vtt, jsonl, rttm",
                assertThrows(IllegalArgumentException.class, () -> TranscriptFormats.byName(null)).getMessage());
    }

    @Test
    void emptyInputGivesAnEmptyDocument() {
        for (TranscriptFormats format : TranscriptFormats.values()) {
            String expected = format == TranscriptFormats.VTT ? "WEBVTT\n\n" : "";
            assertEquals(expected, format.render(List.of()), format.formatName());
        }
    }
}
