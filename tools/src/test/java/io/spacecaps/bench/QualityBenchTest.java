package io.spacecaps.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spacecaps.eval.RecognisedWords;
import io.spacecaps.eval.WordErrorRate;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.testing.TestData;
import io.spacecaps.testing.Transcripts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quality bench's scoring, on the demo Space's committed finals: no pipeline. */
class QualityBenchTest {

    @Test
    void scoresEachTrackAgainstItsSpeakersTurns() throws IOException {
        QualityBench.Case demo = QualityBench.read(TestData.home().resolve("data/demo-space"));
        List<TranscriptEvent> finals = Transcripts.demoSpace();
        QualityBench.Score score = QualityBench.score(demo, finals);

        assertEquals(2, score.tracks());
        WordErrorRate.Result elon = WordErrorRate.of(
                demo.reference().stream().filter(t -> t.speaker().equals("Elon Musk")).map(QualityBench.Turn::spoken)
                        .collect(Collectors.joining(" ")),
                RecognisedWords.inTimeOrder(finals.stream().filter(f -> f.getTrackId().equals("elon-musk")).toList()));
        assertEquals(258, elon.referenceWords());
        assertEquals(258 + 159, score.werOfWords().referenceWords());
        assertTrue(score.werOfWords().errors() >= elon.errors());
        assertTrue(score.formatting().recognisedWords() > 300, score.formatting().toString());
        assertTrue(score.formatting().sentenceEnds().truePositives() > 10, score.formatting().sentenceEnds().toString());
        assertTrue(score.formatting().casing() > 0.8, score.formatting().examples().toString());
        assertEquals(0, score.stability().utterances(), "the committed transcript has no partials");
    }

    @Test
    void aReferenceWithoutCapitalsOrPunctuationIsRefused(@TempDir Path dir) throws IOException {
        Path demo = TestData.home().resolve("data/demo-space");
        Files.copy(demo.resolve("manifest.json"), dir.resolve("manifest.json"));
        for (String wav : List.of("elon-musk.wav", "james-clayton.wav")) {
            Files.createSymbolicLink(dir.resolve(wav), demo.resolve(wav));
        }
        Files.writeString(dir.resolve("reference.tsv"), "speaker\tstart_ms\tend_ms\tdisplay_text\tspoken_text\n"
                + "Elon Musk\t0\t1000\ti don't know\ti don't know\n");
        assertTrue(assertThrows(IOException.class, () -> QualityBench.read(dir)).getMessage()
                .contains("display_text has no capitals or no punctuation"));
    }
}
