package io.spacecaps.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spacecaps.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code soak} end to end, small: two Spaces whose speakers open, end and abandon tracks for ten
 * minutes of their time, as fast as Kafka takes them. The job hears every track and releases every
 * recogniser, the ended ones by their end and the abandoned ones by their silence; the report says
 * so. (The hour-long run with 100 Spaces is a command, reported in the README, not a test.)
 */
class SoakCommandITCase {

    @Test
    void aSmallSoakReleasesEveryTrackAndReportsItsFigures(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("soak.json");
        CliRun run = CliRun.of("soak", "--model.en", TestData.englishModel(), "--spaces", "2", "--tracks", "2", "--event-minutes", "10",
                "--track-every-s", "120", "--speech-ms", "1500", "--speed", "0", "--idle-track-timeout-ms", "5000",
                "--drain-limit-s", "240", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        JsonNode report = new ObjectMapper().readTree(out.toFile());
        assertTrue(report.path("drained").asBoolean(), report.toString());
        int tracks = report.path("tracks").asInt();
        assertEquals(2 * 2 * 5, tracks, "each speaker opens a track every 2 minutes of 10");
        assertEquals(tracks - report.path("tracksAbandoned").asInt(), report.path("endOfTrackFinals").asInt(),
                "every track that ended said so");
        assertEquals(0, report.path("atEnd").path("openRecognizers").asInt(), "every recogniser released");
        assertTrue(report.path("deadLettersByReason").isEmpty(), "nothing refused: " + report.path("deadLettersByReason"));
        assertTrue(report.path("atEnd").path("heapMb").asDouble() > 0 && report.path("atEnd").path("stateMb").asDouble() >= 0,
                report.path("atEnd").toString());
        assertTrue(run.out().contains("end / 25%"), run.out());
    }

    @Test
    void sizesThatMakeNoSenseAreUsageErrors() {
        CliRun run = CliRun.of("soak", "--abandoned", "2");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("--abandoned takes a share between 0 and 1, not 2.0"), run.err());
        CliRun speech = CliRun.of("soak", "--speech-ms", "700000");
        assertEquals(2, speech.exitCode(), speech.err());
        assertTrue(speech.err().contains("--speech-ms must be at least 100 and shorter than --track-every-s"), speech.err());
    }
}
