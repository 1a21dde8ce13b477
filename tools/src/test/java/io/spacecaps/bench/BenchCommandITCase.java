package io.spacecaps.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.spacecaps.testing.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Only that {@code bench --quick} works: it runs the whole path once on a short load and writes a
 * complete report. It asserts what the report contains and that the figures are sane, never how fast
 * anything was: the benchmark itself is run by hand (BENCHMARKS.md).
 */
class BenchCommandITCase {

    @Test
    void theQuickBenchRunsEveryPhaseAndWritesACompleteReport(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bench.json");
        // The accuracy phase on one committed clip, so the test runs the same wherever it runs (a
        // machine with the measuring recordings beside the project would otherwise score those).
        Path clips = Files.createDirectories(dir.resolve("clips"));
        Files.copy(TestData.home().resolve("pipeline/src/test/resources/clips/slt-hello.wav"), clips.resolve("slt-hello.wav"));
        Files.writeString(clips.resolve("references.tsv"), "file\tnormalized_reference\nslt-hello.wav\t"
                + TestData.clipText("slt-hello") + "\n");
        PrintStream original = System.out;
        PrintStream originalErr = System.err;
        ByteArrayOutputStream table = new ByteArrayOutputStream();
        ByteArrayOutputStream statusLines = new ByteArrayOutputStream();
        System.setOut(new PrintStream(table, true, StandardCharsets.UTF_8));
        // The status lines still reach the test's log, and are kept to be read.
        System.setErr(io.spacecaps.testing.TeeStream.keeping(originalErr, statusLines));
        int code;
        try {
            // Every phase, as short as it can be and still say something: 9 s of audio per track instead of
            // --quick's 20 s, and the accuracy clips as fast as they go rather than at real time.
            code = new io.spacecaps.cli.SpacecapsCli().run("bench", "--quick", "--minutes", "0.15", "--accuracy-speed", "0",
                    "--asr-dir", clips.toString(), "--out", out.toString(), "--model.en", TestData.englishModel(),
                    // Short enough to be waited out after the load, long enough to outlast the first sample.
                    "--warm-recognizer-idle-ms", "8000");
        } finally {
            System.setOut(original);
            System.setErr(originalErr);
        }
        assertEquals(0, code);
        String printed = table.toString(StandardCharsets.UTF_8);
        for (String section : List.of("COST", "CAPACITY", "LATENCY", "ACCURACY", "MEMORY", "START-UP AND RECORDED SPACES",
                "ISSUE 16 TARGETS")) {
            assertTrue(printed.contains(section), "the table has a " + section + " section:\n" + printed);
        }

        JsonNode report = new ObjectMapper().readTree(Files.readString(out));
        for (String key : List.of("setup", "cost", "capacity", "latency", "accuracy", "memory", "targets", "recordedSpaces", "steps",
                "notes")) {
            assertTrue(report.has(key), "report has '" + key + "'");
        }
        assertTrue(report.at("/setup/quick").asBoolean());

        JsonNode cost = report.get("cost");
        double pipeline = cost.get("pipelineCpuPerAudioSecond").asDouble();
        double bare = cost.get("bareVoskCpuPerAudioSecond").asDouble();
        assertTrue(bare > 0 && bare < 5, "bare Vosk cost " + bare);
        assertTrue(pipeline > 0 && pipeline < 20, "pipeline cost " + pipeline);
        assertEquals(pipeline / bare, cost.get("overheadRatio").asDouble(), 1e-9);
        assertEquals(5, cost.get("bareVoskCallPatterns").size());
        double inVosk = cost.get("voskCallsInJobCpuPerAudioSecond").asDouble();
        assertTrue(inVosk > 0 && inVosk <= pipeline, "the job's time inside Vosk " + inVosk + " is part of its cost " + pipeline);
        assertTrue(cost.get("bareVoskPacedCpuPerAudioSecond").asDouble() > 0);
        assertTrue(cost.get("stepJvmCpuSecondsByThreadKind").size() > 0);

        assertTrue(report.at("/capacity/sustainedTracks").isNull(), "--quick searches no capacity");
        assertTrue(report.at("/capacity/bareVoskBoundTracks").asDouble() > 0);
        assertTrue(report.at("/capacity/bareVoskPacedBoundTracks").asDouble() > 0, "the paced bound, from bare Vosk fed live");
        assertTrue(report.at("/targets/capacityVsPacedBound/met").isNull(), "no capacity searched, target 1 not judged");
        assertTrue(printed.contains("1. capacity within the latency targets") && printed.contains("7. resident memory per open track"),
                "every target of issue 16 has its line:\n" + printed);

        JsonNode afterLoad = report.at("/memory/afterLoad");
        assertTrue(afterLoad.get("keptWhenEnded").asInt() >= 1, "the step's recognisers are kept once its tracks end: " + afterLoad);
        assertEquals(0, afterLoad.get("keptAfterIdle").asInt(), "and closed once no track took them for 8 s: " + afterLoad);
        assertTrue(printed.contains("past their idle time (8 s): RSS"), "printed in MEMORY:\n" + printed);

        JsonNode step = report.get("steps").get(0);
        assertEquals(2, step.get("tracks").asInt());
        assertEquals(18.0, step.get("audioSeconds").asDouble(), 0.5);
        assertTrue(step.get("drained").asBoolean(), "every track of the step ended");
        // The split the job reported while the step ran: the sequencer places tracks evenly, whatever their keys.
        JsonNode split = step.get("tracksPerRecognizerSubtask");
        assertEquals(report.at("/setup/parallelism").asInt(), split.size(), "one count per recogniser subtask: " + split);
        int placed = 0;
        int most = 0;
        int fewest = Integer.MAX_VALUE;
        for (JsonNode n : split) {
            placed += n.asInt();
            most = Math.max(most, n.asInt());
            fewest = Math.min(fewest, n.asInt());
        }
        assertEquals(2, placed, "both tracks seen open on their subtasks: " + split);
        assertTrue(most - fewest <= 1, "spread evenly: " + split);
        String status = statusLines.toString(StandardCharsets.UTF_8);
        assertTrue(status.contains("tracks per recogniser subtask " + split.toString().replace(",", ", ")), "printed at the step:\n" + status);

        JsonNode latency = report.at("/latency/quick");
        assertTrue(latency.at("/partialMs/count").asInt() > 0, "partials were timed");
        assertTrue(latency.at("/finalAfterEndpointMs/count").asInt() > 0, "finals were timed");
        // Each final is timed twice: its provisional copy on the live topic, and the committed one, which
        // waits for its checkpoint (so it cannot come first in the middle of the distribution).
        assertEquals(latency.at("/finalAfterEndpointMs/count").asInt(), latency.at("/finalOnScreenMs/count").asInt(),
                "every final on screen too");
        assertTrue(latency.at("/finalOnScreenMs/p50").asLong() < latency.at("/finalAfterEndpointMs/p50").asLong(),
                "on screen before it is committed: " + latency);
        assertTrue(latency.at("/partialMs/p50").asLong() <= latency.at("/partialMs/max").asLong());
        // An endpoint is silence after the last word: it cannot come before it.
        assertTrue(latency.at("/endpointSilenceMs/p50").asLong() >= 0);

        JsonNode accuracy = report.get("accuracy");
        assertEquals(1, accuracy.get("sets").size(), accuracy.toString());
        JsonNode set = accuracy.get("sets").get(0);
        assertEquals(TestData.clipText("slt-hello").split(" ").length, set.get("referenceWords").asInt());
        assertTrue(set.get("pipelineWer").asDouble() >= 0 && set.get("pipelineWer").asDouble() < 0.15, set.toString());
        assertTrue(set.get("bareVoskWer").asDouble() >= 0 && set.get("bareVoskWer").asDouble() < 0.15, set.toString());
        assertTrue(accuracy.get("skipped").toString().contains("demo Space"), "a skipped accuracy set says why: " + accuracy);

        JsonNode memory = report.get("memory");
        assertTrue(memory.at("/idle/heapUsedBytes").asLong() > 0);
        assertEquals(2, memory.at("/loaded/openTracks").asInt());
        assertTrue(memory.at("/loaded/rssBytes").asLong() > 0);
    }
}
