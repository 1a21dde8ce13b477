package io.spacecaps.cli;

import io.spacecaps.bench.BenchCommand;
import io.spacecaps.bench.BenchOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        abbreviateSynopsis = true,
        description = {"Cost, capacity, latency, accuracy and memory of the pipeline against bare Vosk on this machine "
                + "(see BENCHMARKS.md). The table goes to standard output, the JSON to --out, progress to "
                + "standard error.%n"})
final class BenchCli extends SpacecapsCommand {

    @Option(names = "--spaces", paramLabel = "N", description = "step the load up to at most N synthetic Spaces (2 tracks each); "
            + "default: enough for 1.25x the tracks bare Vosk's cost allows on this machine's cores")
    Integer spaces;

    @Option(names = "--minutes", paramLabel = "M", description = "audio per track in each load step (default 2; decimals allowed)")
    Double minutes;

    @Option(names = "--out", paramLabel = "FILE", description = "the JSON report (default: tools/target/bench.json)")
    Path out;

    @Option(names = "--asr-dir", paramLabel = "DIR", description = "reference clips with references.tsv (default: ../shared/speech/asr)")
    Path asrDir;

    @Option(names = "--quick", description = "smoke run: 1 Space, 20 s of audio, no capacity search, 3 clips")
    boolean quick;

    @Option(names = "--no-accuracy", description = "skip the accuracy phase")
    boolean noAccuracy;

    @Option(names = "--long-tracks", description = "also score parity on long tracks of real speech made from the ASR clips "
            + "(one voice for 30 min, two voices for 4 min), published as fast as possible: the pipeline, which renews a "
            + "track's recogniser every --recognizer-reset-ms of audio, against one bare Vosk recogniser for the whole "
            + "track (about 10 more minutes; with --no-accuracy, only these)")
    boolean longTracks;

    @Option(names = "--accuracy-speed", paramLabel = "X", description = "replay speed of the accuracy phase (default 1: real time; 0: as fast as possible)")
    double accuracySpeed = 1;

    @Option(names = "--max-steps", paramLabel = "N", description = "load steps the capacity search may take (default 10)")
    int maxSteps = 10;

    @Option(names = "--tracks", paramLabel = "N", description = "no capacity search: a warm-up step, then one measured step at N tracks")
    Integer tracks;

    @Option(names = "--warm-up-minutes", paramLabel = "M", description = "with --tracks: audio per track in the warm-up step "
            + "(default 0.5, or --minutes if less); longer leaves less of the JIT's start-up in the measured step")
    Double warmUpMinutes;

    private PipelineOptions pipeline;
    private BenchOptions options;

    BenchCli(CliContext context) {
        super(context);
    }

    @Override
    void declareOptions(CommandSpec spec) {
        pipeline = PipelineOptions.addTo(spec, PipelineOptions.ALL, true, context.environment());
    }

    @Override
    void validate() {
        positive("--spaces", spaces);
        positive("--max-steps", maxSteps);
        positive("--tracks", tracks);
        checkAboveZero("--minutes", minutes);
        checkAboveZero("--warm-up-minutes", warmUpMinutes);
        if (warmUpMinutes != null && tracks == null) {
            throw usage("--warm-up-minutes goes with --tracks (the capacity search has no warm-up step)");
        }
        checkNotNegative("--accuracy-speed", accuracySpeed);
        pipeline.config(spec);
        List<String> configArgs = new ArrayList<>();
        pipeline.values().forEach((name, value) -> {
            configArgs.add("--" + name);
            configArgs.add(value);
        });
        Path home = context.home();
        Integer maxSpaces = quick && spaces == null ? Integer.valueOf(1) : spaces;
        double stepMinutes = minutes != null ? minutes : quick ? 20 / 60.0 : 2.0;
        double warmUp = warmUpMinutes != null ? warmUpMinutes : Math.min(0.5, stepMinutes);
        options = new BenchOptions(maxSpaces, stepMinutes, warmUp,
                out != null ? out : home.resolve("tools/target/bench.json"),
                asrDir != null ? asrDir : home.resolve("../shared/speech/asr").normalize(),
                quick, !noAccuracy, accuracySpeed, maxSteps, configArgs, verbose, tracks, pipeline.flinkSettings(), longTracks);
        Logging.nativeVoskLog(verbose);
    }

    /** The options as the bench takes them (for tests). */
    BenchOptions options() {
        return options;
    }

    private void positive(String option, Integer value) {
        if (value != null && value < 1) {
            throw usage(option + " takes a whole number of 1 or more, not " + value);
        }
    }

    @Override
    public Integer call() throws Exception {
        int code = BenchCommand.run(options);
        Logging.stoppingOnPurpose();
        return code;
    }
}
