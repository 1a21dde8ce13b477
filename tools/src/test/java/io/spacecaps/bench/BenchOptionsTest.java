package io.spacecaps.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BenchOptionsTest {

    private static final Path HOME = Path.of("/opt/spacecaps");

    @Test
    void benchOptionsAreItsOwnAndTheRestGoToThePipeline() {
        BenchOptions o = BenchOptions.parse(new String[]{"--spaces", "6", "--minutes=1.5", "--parallelism", "4",
                "--out", "b.json", "--partial-words", "false"}, HOME);
        assertEquals(6, o.maxSpaces());
        assertEquals(90_000, o.stepMillis());
        assertEquals(Path.of("b.json"), o.out());
        assertEquals(List.of("--parallelism", "4", "--partial-words", "false"), o.configArgs());
    }

    @Test
    void defaultsFollowTheProjectHome() {
        BenchOptions o = BenchOptions.parse(new String[0], HOME);
        assertNull(o.maxSpaces());
        assertEquals(120_000, o.stepMillis());
        assertEquals(Path.of("/opt/spacecaps/tools/target/bench.json"), o.out());
        assertEquals(Path.of("/opt/shared/speech/asr"), o.asrDir());
        assertTrue(o.accuracy());
        assertEquals(1.0, o.accuracySpeed());
    }

    @Test
    void quickIsOneSpaceForTwentySeconds() {
        BenchOptions o = BenchOptions.parse(new String[]{"--quick", "--no-accuracy"}, HOME);
        assertEquals(1, o.maxSpaces());
        assertEquals(20_000, o.stepMillis());
        assertEquals(false, o.accuracy());
    }

    @Test
    void tracksFixesTheLoadAndIsNotAPipelineOption() {
        BenchOptions o = BenchOptions.parse(new String[]{"--tracks", "12", "--buffer-timeout-ms", "0"}, HOME);
        assertEquals(12, o.tracks());
        assertEquals(List.of("--buffer-timeout-ms", "0"), o.configArgs());
        assertEquals(null, BenchOptions.parse(new String[0], HOME).tracks());
        assertThrows(BenchOptions.UsageException.class, () -> BenchOptions.parse(new String[]{"--tracks", "0"}, HOME));
    }

    @Test
    void mistakesAreUsageErrors() {
        assertThrows(BenchOptions.UsageException.class, () -> BenchOptions.parse(new String[]{"--spaces", "0"}, HOME));
        assertThrows(BenchOptions.UsageException.class, () -> BenchOptions.parse(new String[]{"--minutes"}, HOME));
        assertThrows(BenchOptions.UsageException.class, () -> BenchOptions.parse(new String[]{"extra"}, HOME));
    }
}
