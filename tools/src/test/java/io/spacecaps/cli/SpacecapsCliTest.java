package io.spacecaps.cli;

import io.spacecaps.config.Setting;
import io.spacecaps.config.SpacecapsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line's parsing, help and checks: nothing here starts a broker or a MiniCluster. */
class SpacecapsCliTest {

    private static final List<String> COMMANDS = List.of("demo", "transcribe", "replay", "broker", "job", "cluster", "captions",
            "dashboard", "dead-letters", "bench", "diarization-bench", "quality-bench");
    private static final List<String> RUN_THE_JOB = List.of("demo", "transcribe", "job", "backfill", "bench", "diarization-bench", "quality-bench");

    @Test
    void everyCommandHasItsOwnHelpAndHelpCommandSaysTheSame() {
        for (String command : COMMANDS) {
            CliRun help = CliRun.of(command, "--help");
            assertEquals(0, help.exitCode(), command + ": " + help.err());
            assertTrue(help.out().startsWith("Usage: spacecaps " + command + " "), help.out());
            assertTrue(help.out().contains("--verbose") && help.out().contains("--version"), help.out());
            assertEquals(help.out(), CliRun.of("help", command).out(), "help " + command + " is " + command + " --help");
        }
    }

    @Test
    void commandsThatRunTheJobListEveryPipelineSettingUnderItsGroup() {
        for (String command : RUN_THE_JOB) {
            String help = CliRun.of(command, "--help").out();
            for (Setting setting : SpacecapsConfig.SETTINGS) {
                assertTrue(help.contains("--" + setting.name()), command + " --help lacks --" + setting.name());
                assertTrue(help.contains(setting.group().title() + " options:"), command + " --help lacks " + setting.group().title());
            }
            assertTrue(help.contains("--model=TAG=DIR") && help.contains("-D=KEY=VALUE"), help);
            assertTrue(help.contains("--bootstrap-server") && help.contains("--command-config"), help);
        }
        String captions = CliRun.of("captions", "--help").out();
        assertTrue(captions.contains("--bootstrap") && captions.contains("--kafka-properties"), captions);
        assertFalse(captions.contains("--parallelism"), "captions runs no job: " + captions);
    }

    @Test
    void versionIsTheProjectVersion() {
        for (String[] args : List.of(new String[]{"--version"}, new String[]{"transcribe", "--version"}, new String[]{"broker", "-V"})) {
            CliRun run = CliRun.of(args);
            assertEquals(0, run.exitCode());
            assertTrue(run.out().matches("(?s)spacecaps \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n.*"), run.out());
        }
    }

    @Test
    void noCommandIsAUsageError() {
        CliRun run = CliRun.of();
        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("Usage: spacecaps"), run.err());
    }

    @Test
    void unknownAndMisspeltOptionsAreRefusedWithTheClosestName() {
        assertUsageError(CliRun.of("transcribe", "clip.wav", "--fromat", "srt"), "unknown option --fromat (did you mean --format?)");
        assertUsageError(CliRun.of("broker", "--prot", "9092"), "unknown option --prot (did you mean --port?)");
        assertUsageError(CliRun.of("job", "--bootstrap", "h:1", "--paralelism=2"), "unknown option --paralelism (did you mean --parallelism?)");
        assertUsageError(CliRun.of("captions", "--bootstrap-servers", "h:1"), "did you mean --bootstrap-server?");
        assertUsageError(CliRun.of("transcribe", "clip.wav", "--no-such-thing"), "unknown option --no-such-thing");
        assertUsageError(CliRun.of("trnscribe", "clip.wav"), "unknown command 'trnscribe' (did you mean transcribe?)");
    }

    @Test
    void badValuesAreRefusedNamingTheOptionBeforeAnythingStarts(@TempDir Path dir) throws IOException {
        Path wav = Files.createFile(dir.resolve("clip.wav"));
        Set<String> kafkaDirsBefore = kafkaTempDirs();
        CliRun run = CliRun.of("transcribe", wav.toString(), "--parallelism", "0");
        assertUsageError(run, "--parallelism takes a whole number of at least 1, not 0");
        assertTrue(run.millis() < 5_000, "refused in " + run.millis() + " ms");
        assertEquals(0, ProcessHandle.current().children().count(), "no broker process was started");
        assertEquals(kafkaDirsBefore, kafkaTempDirs(), "no broker directory was made");

        assertUsageError(CliRun.of("transcribe", wav.toString(), "--format", "doc"), "--format takes seed, blocks, srt, vtt, jsonl, rttm, not 'doc'");
        assertUsageError(CliRun.of("transcribe", wav.toString(), "--speed", "-1"), "--speed takes a number of 0 or more");
        assertUsageError(CliRun.of("transcribe", dir.resolve("missing.wav").toString()), "missing.wav: no such file");
        assertUsageError(CliRun.of("transcribe", wav.toString(), "--model.en", dir.toString()), "is not a Vosk model directory");
        assertUsageError(CliRun.of("transcribe", wav.toString(), "-D", "spacecaps.parallelism=2"), "Spacecaps settings are options: --parallelism");
        assertUsageError(CliRun.of("transcribe", wav.toString(), "--metrics-port", "70000"), "--metrics-port takes 0 to 65535, not 70000");
        assertUsageError(CliRun.of("job", "--bootstrap", "h:1", "--metrics-port", "abc"), "--metrics-port");
        assertUsageError(CliRun.of("transcribe", wav.toString(), "--start-from", "yesterday"), "--start-from takes earliest, latest");
        assertUsageError(CliRun.of("replay", wav.toString()), "replay needs --bootstrap");
        assertUsageError(CliRun.of("replay", wav.toString(), "--bootstrap", "h:1", "--space-id", "a", "--new-id"), "give one");
        assertUsageError(CliRun.of("replay", wav.toString(), "--bootstrap", "h:1", "--encoding", "flac"), "--encoding takes pcm or opus, not 'flac'");
        assertUsageError(CliRun.of("replay", wav.toString(), "--bootstrap", "h:1", "--encoding", "opus", "--opus-bitrate", "999"),
                "--opus-bitrate takes 6000 to 510000");
        assertUsageError(CliRun.of("captions", "--bootstrap", "h:1", "--hold-ms", "-5"), "--hold-ms takes a number of 0 or more");
        assertUsageError(CliRun.of("bench", "--spaces", "0"), "--spaces takes a whole number of 1 or more");
        assertUsageError(CliRun.of("quality-bench", "--speed", "-2"), "--speed takes a number of 0 or more");
        assertUsageError(CliRun.of("quality-bench", "--space", dir.toString()), "no manifest.json there");
        assertUsageError(CliRun.of("transcribe", wav.toString(), "--stable-after-ms", "0"), "--stable-after-ms takes");
    }

    @Test
    void aFileFfmpegCannotReadIsRefusedInOneLineBeforeAnythingStarts(@TempDir Path dir) throws IOException {
        Path garbage = dir.resolve("talk.m4a");
        Files.write(garbage, "this is not audio, it is a note about audio\n".repeat(100).getBytes(StandardCharsets.UTF_8));
        Path empty = Files.createFile(dir.resolve("empty.ogg"));

        CliRun run = CliRun.of("transcribe", garbage.toString());
        assertUsageError(run, garbage + ": not an audio file FFmpeg can read (Invalid data found when processing input)");
        // The error is one line; the one after it is every usage error's pointer to --help. No stack trace.
        assertEquals(List.of("Try 'spacecaps transcribe --help' for its options."), run.err().lines().skip(1).toList(), run.err());
        assertUsageError(CliRun.of("replay", empty.toString(), "--bootstrap", "h:1"),
                empty + ": not an audio file FFmpeg can read (empty file)");
    }

    @Test
    void cueOptionsAreCheckedAndOnlyForSubtitles(@TempDir Path dir) throws IOException {
        Path wav = Files.createFile(dir.resolve("clip.wav"));
        String clip = wav.toString();
        assertUsageError(CliRun.of("transcribe", clip, "--format", "srt", "--cue-max-lines", "0"),
                "--cue-max-lines takes a whole number of 1 or more, not 0");
        assertUsageError(CliRun.of("transcribe", clip, "--format", "vtt", "--cue-max-chars", "5"),
                "--cue-max-chars takes a whole number of 10 or more, not 5");
        assertUsageError(CliRun.of("transcribe", clip, "--format", "srt", "--cue-max-cps", "0"),
                "--cue-max-cps takes a number above 0, not 0.0");
        assertUsageError(CliRun.of("transcribe", clip, "--format", "srt", "--cue-min-ms", "-1"),
                "--cue-min-ms takes a number of 0 or more, not -1");
        assertUsageError(CliRun.of("transcribe", clip, "--format", "srt", "--cue-min-ms", "2000", "--cue-max-ms", "1500"),
                "--cue-max-ms takes a number of at least 1 and at least --cue-min-ms (2000), not 1500");
        assertUsageError(CliRun.of("transcribe", clip, "--format", "srt", "--cue-max-lines", "two"), "--cue-max-lines");
        assertUsageError(CliRun.of("transcribe", clip, "--cue-max-chars", "32"),
                "--cue-max-chars shapes subtitle cues: it takes --format srt or vtt, not seed");
        assertTrue(CliRun.of("transcribe", "--help").out().contains("--cue-max-cps=N"));
    }

    @Test
    void clusterHandsItsCommandsToTheClusterScriptAndRefusesOthersFirst(@TempDir Path dir) {
        CliRun misspelt = CliRun.of("cluster", "strat");
        assertEquals(2, misspelt.exitCode());
        assertTrue(misspelt.err().contains("no cluster command 'strat'"), misspelt.err());
        // The script's own options pass through, after the command; its exit code is the command's.
        CliRun status = CliRun.of("cluster", "status", "--dir", dir.toString());
        assertEquals(1, status.exitCode(), "no cluster runs in an empty directory");
    }

    @Test
    void aPortInUseIsRefusedBeforeTheBrokerStarts() throws IOException {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertUsageError(CliRun.of("broker", "--port", String.valueOf(taken.getLocalPort())), "already in use");
        }
        assertUsageError(CliRun.of("broker", "--port", "70000"), "--port takes 0 to 65535");
    }

    @Test
    void theDashboardsOptionsAreCheckedBeforeItStarts() throws IOException {
        String help = CliRun.of("dashboard", "--help").out();
        assertTrue(help.contains("--bootstrap") && help.contains("--host") && help.contains("--token") && help.contains("--max-captions"), help);
        assertFalse(help.contains("--parallelism"), "the dashboard runs no job: " + help);
        assertUsageError(CliRun.of("dashboard", "--port", "70000"), "--port takes 0 to 65535");
        assertUsageError(CliRun.of("dashboard", "--token", "short"), "an access token is at least 12 characters");
        assertUsageError(CliRun.of("dashboard", "--max-captions", "0"), "--max-captions takes 1 or more");
        assertUsageError(CliRun.of("dashboard", "--max-spaces", "-1"), "--max-spaces takes 1 or more");
        assertUsageError(CliRun.of("dashboard", "--host", "no-such-host.invalid"), "does not resolve");
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            assertUsageError(CliRun.of("dashboard", "--port", String.valueOf(taken.getLocalPort())), "already in use");
            assertUsageError(CliRun.of("demo", "--dashboard-port", String.valueOf(taken.getLocalPort())), "already in use");
        }
        assertUsageError(CliRun.of("demo", "--dashboard-port", "0", "--no-dashboard"), "choose one");
    }

    @Test
    void aKafkaPropertiesFileFromTheEnvironmentIsNamedAsSuch() {
        CliRun run = CliRun.of(Map.of(PipelineOptions.KAFKA_PROPERTIES_ENV, "/no/such/client.properties"),
                "captions", "--bootstrap", "h:1");
        assertUsageError(run, "SPACECAPS_KAFKA_PROPERTIES (--kafka-properties) names no readable file: /no/such/client.properties");
    }

    @Test
    void kafkaToolNamesAndTheEnvironmentFeedTheSameSettings(@TempDir Path dir) throws Exception {
        Path props = dir.resolve("client.properties");
        Files.writeString(props, "security.protocol=SASL_SSL\nsasl.jaas.config=secret\n");
        CommandLine cli = new SpacecapsCli(new CliContext(Console.standardError(), Map.of(), dir)).commandLine();
        cli.parseArgs("captions", "--bootstrap-server", "h:9093", "--command-config", props.toString());
        CaptionsCommand captions = cli.getSubcommands().get("captions").getCommand();
        captions.validate();
        Map<String, String> given = captions.connectionValues();
        assertEquals("h:9093", given.get(SpacecapsConfig.BOOTSTRAP));
        assertEquals(props.toString(), given.get(SpacecapsConfig.KAFKA_PROPERTIES));

        cli = new SpacecapsCli(new CliContext(Console.standardError(), Map.of(PipelineOptions.KAFKA_PROPERTIES_ENV, props.toString()), dir))
                .commandLine();
        cli.parseArgs("dead-letters", "--bootstrap", "h:9093");
        DeadLettersCommand deadLetters = cli.getSubcommands().get("dead-letters").getCommand();
        deadLetters.validate();
        assertEquals(props.toString(), deadLetters.connectionValues().get(SpacecapsConfig.KAFKA_PROPERTIES));
    }

    @Test
    void modelOptionsTakeEitherSpellingAndDPassesFlinkSettings() {
        assertEquals(List.of("--model", "de=/m/de", "--model", "fr=/m/fr", "x"),
                List.of(PipelineOptions.rewriteModelOptions(new String[]{"--model.de", "/m/de", "--model.fr=/m/fr", "x"})));
        CommandLine cli = new SpacecapsCli(new CliContext(Console.standardError(), Map.of(), Path.of("."))).commandLine();
        cli.parseArgs(PipelineOptions.rewriteModelOptions(new String[]{"job", "--model.de", "/m/de", "-D", "rest.port=8081",
                "-Dparallelism.default=3", "--diarize", "false"}));
        JobCommand job = cli.getSubcommands().get("job").getCommand();
        assertEquals(Map.of("rest.port", "8081", "parallelism.default", "3"), job.pipelineOptions().flinkSettings());
        assertEquals("/m/de", job.pipelineOptions().values().get("model.de"));
        assertEquals("false", job.pipelineOptions().values().get(SpacecapsConfig.DIARIZE));
    }

    @Test
    void benchOptionsAreItsOwnAndTheRestGoToThePipeline() {
        CommandLine cli = new SpacecapsCli(new CliContext(Console.standardError(), Map.of(), Path.of("/opt/spacecaps"))).commandLine();
        cli.parseArgs("bench", "--quick", "--parallelism", "3", "--out", "b.json", "--partial-words", "false", "--tracks", "4");
        BenchCli bench = cli.getSubcommands().get("bench").getCommand();
        bench.validate();
        assertEquals(1, bench.options().maxSpaces());
        assertEquals(20_000, bench.options().stepMillis());
        assertEquals(4, bench.options().tracks());
        assertEquals(Path.of("b.json"), bench.options().out());
        assertEquals(Path.of("/opt/shared/speech/asr"), bench.options().asrDir());
        assertEquals(List.of("--partial-words", "false", "--parallelism", "3"), bench.options().configArgs());
        // The quick step is shorter than the default warm-up: the warm-up is no longer than the step.
        assertEquals(20_000, bench.options().warmUpMillis());

        cli.parseArgs("bench", "--tracks", "5", "--warm-up-minutes", "3");
        bench = cli.getSubcommands().get("bench").getCommand();
        bench.validate();
        assertEquals(180_000, bench.options().warmUpMillis());
        assertEquals(120_000, bench.options().stepMillis());
        cli.parseArgs("bench", "--tracks", "5");
        bench = cli.getSubcommands().get("bench").getCommand();
        bench.validate();
        assertEquals(30_000, bench.options().warmUpMillis(), "the default warm-up");

        cli.parseArgs("bench", "--warm-up-minutes", "2");
        BenchCli searching = cli.getSubcommands().get("bench").getCommand();
        CommandLine.ParameterException refused = assertThrows(CommandLine.ParameterException.class, searching::validate);
        assertTrue(refused.getMessage().contains("--warm-up-minutes goes with --tracks"), refused.getMessage());
        cli.parseArgs("bench", "--tracks", "5", "--warm-up-minutes", "0");
        BenchCli zero = cli.getSubcommands().get("bench").getCommand();
        refused = assertThrows(CommandLine.ParameterException.class, zero::validate);
        assertEquals("--warm-up-minutes takes a number above 0, not 0.0", refused.getMessage());
    }

    private static void assertUsageError(CliRun run, String expected) {
        assertEquals(2, run.exitCode(), "exit code of: " + run.err());
        assertTrue(run.err().contains(expected), "expected '" + expected + "' in:\n" + run.err());
        assertTrue(run.err().lines().findFirst().orElse("").startsWith("spacecaps: error: "), run.err());
        assertEquals("", run.out(), "nothing on standard output");
    }

    private static Set<String> kafkaTempDirs() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("spacecaps-kafka-")).collect(Collectors.toSet());
        }
    }
}
