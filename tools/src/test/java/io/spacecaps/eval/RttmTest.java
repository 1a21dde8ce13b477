package io.spacecaps.eval;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RttmTest {

    @Test
    void readsSpeakerLinesToTheMillisecond() throws IOException {
        String text = """
                ;; a comment
                SPEAKER demo 1 0.500 2.910 <NA> <NA> james-clayton <NA> <NA>
                SPKR-INFO demo 1 <NA> <NA> <NA> unknown james-clayton <NA> <NA>
                SPEAKER other 1 1.0 1.0 <NA> <NA> someone <NA> <NA>
                SPEAKER   demo 1 3.8815 14.790 <NA> <NA> elon-musk <NA> <NA>
                """;

        assertEquals(List.of(new SpeakerSegment("james-clayton", 500, 3_410),
                        new SpeakerSegment("elon-musk", 3_882, 18_672)),
                Rttm.parse(text, "demo"));
        assertEquals(3, Rttm.parse(text, null).size());
    }

    @Test
    void writesWhatItReads(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        List<SpeakerSegment> segments = List.of(new SpeakerSegment("Speaker 1", 0, 1_250),
                new SpeakerSegment("Speaker 2", 1_250, 4_000));
        Path file = dir.resolve("hyp.rttm");

        Rttm.write(file, "my space", segments);

        assertEquals("SPEAKER my_space 1 0.000 1.250 <NA> <NA> Speaker_1 <NA> <NA>\n"
                + "SPEAKER my_space 1 1.250 2.750 <NA> <NA> Speaker_2 <NA> <NA>\n", Files.readString(file));
        List<SpeakerSegment> back = Rttm.read(file);
        assertEquals(List.of(new SpeakerSegment("Speaker_1", 0, 1_250), new SpeakerSegment("Speaker_2", 1_250, 4_000)),
                back);
    }

    @Test
    void namesTheLineOfABadRecord() {
        IOException e = assertThrows(IOException.class,
                () -> Rttm.parse("SPEAKER f 1 0.0 1.0 <NA> <NA> a <NA> <NA>\n"
                        + "SPEAKER f 1 zero 1.0 <NA> <NA> b\n", null));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
    }
}
