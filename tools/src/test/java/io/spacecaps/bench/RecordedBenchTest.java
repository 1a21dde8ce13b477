package io.spacecaps.bench;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the recorded bench writes is what the main bench's table reads back and judges. */
class RecordedBenchTest {

    @Test
    void theMainBenchReadsTheLastReportsFiguresAndJudgesThemAgainstTheirTargets(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("recorded-bench.json");
        RecordedBench.Options options = new RecordedBench.Options(dir, "unused", out, 1, List.of(4, 8), 2, 10);
        RecordedBench.report(options, 2, List.of(
                new RecordedBench.Timed("clip", 10_000, List.of(new RecordedBench.Run(4_000, 2_500)),
                        List.of(new RecordedBench.Run(9_000, 7_000))),
                new RecordedBench.Timed("4 tracks", 480_000, List.of(new RecordedBench.Run(29_000, 27_400)),
                        List.of(new RecordedBench.Run(34_000, 31_100))),
                new RecordedBench.Timed("8 tracks", 960_000, List.of(new RecordedBench.Run(53_700, 52_200)),
                        List.of(new RecordedBench.Run(63_400, 60_000)))));

        List<RecordedBench.Figure> figures = RecordedBench.lastFigures(out);
        assertEquals(List.of("clip", "4 tracks", "8 tracks"), figures.stream().map(RecordedBench.Figure::name).toList());
        assertEquals(9.0 / 4.0, figures.get(0).value(), 1e-9, "start-up: the time against bare Vosk's");
        assertTrue(figures.get(0).met(), "x2.25 is within x2.5");
        assertEquals(29.0 / 34.0, figures.get(1).value(), 1e-9, "a Space: the throughput against bare Vosk's");
        assertTrue(figures.get(1).met(), "0.853 reaches 0.85");
        assertFalse(figures.get(2).met(), "0.847 does not, though two decimals would show 0.85");
    }

    @Test
    void withoutAReportThereAreNoFigures(@TempDir Path dir) throws Exception {
        assertTrue(RecordedBench.lastFigures(dir.resolve("none.json")).isEmpty());
    }
}
