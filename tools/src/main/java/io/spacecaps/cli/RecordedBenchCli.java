package io.spacecaps.cli;

import io.spacecaps.asr.ModelRegistry;
import io.spacecaps.bench.RecordedBench;
import io.spacecaps.config.SpacecapsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;

@Command(name = "recorded-bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        abbreviateSynopsis = true,
        description = {"Start-up and recorded Spaces flat out: `transcribe` as a user runs it, each run a fresh JVM, against "
                + "bare Vosk doing the same work in a fresh JVM, in turn on this machine's cores: a short clip (start-up), "
                + "and Spaces of N tracks (throughput). The table goes to standard output, the JSON to --out, progress to "
                + "standard error (about 15 minutes with the defaults).%n"})
final class RecordedBenchCli extends SpacecapsCommand {

    @Option(names = "--runs", paramLabel = "N", description = "runs of each side per measurement; the medians are reported (default 3)")
    int runs = 3;

    @Option(names = "--tracks", paramLabel = "N", split = ",", description = "the Spaces' track counts (default 2,4,8)")
    List<Integer> tracks = List.of(2, 4, 8);

    @Option(names = "--minutes", paramLabel = "M", description = "audio per track of a Space (default 2; decimals allowed)")
    double minutes = 2;

    @Option(names = "--clip-seconds", paramLabel = "S", description = "the start-up clip's length (default 10)")
    int clipSeconds = 10;

    @Option(names = "--out", paramLabel = "FILE", description = "the JSON report (default: tools/target/recorded-bench.json)")
    Path out;

    private SpacecapsConfig config;

    RecordedBenchCli(CliContext context) {
        super(context);
    }

    @Override
    void validate() {
        if (runs < 1) {
            throw usage("--runs takes a whole number of 1 or more, not " + runs);
        }
        if (tracks.isEmpty() || tracks.stream().anyMatch(n -> n < 1 || n > 64)) {
            throw usage("--tracks takes track counts from 1 to 64, not " + tracks);
        }
        if (!(minutes > 0 && minutes <= 60)) {
            throw usage("--minutes takes a number above 0 and at most 60, not " + minutes);
        }
        if (clipSeconds < 1 || clipSeconds > 120) {
            throw usage("--clip-seconds takes 1 to 120, not " + clipSeconds);
        }
        config = SpacecapsConfig.fromArgs(new String[0]);
    }

    @Override
    public Integer call() throws Exception {
        String model = new ModelRegistry(config.modelDirs(), config.defaultLanguage()).directoryFor(config.defaultLanguage())
                .orElseThrow(() -> new IllegalStateException("no English model; build the project first"));
        return RecordedBench.run(new RecordedBench.Options(context.home(), model,
                out != null ? out : RecordedBench.defaultOut(context.home()), runs, tracks, minutes, clipSeconds), console()::status);
    }
}
