package io.spacecaps.cli;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.soak.SoakOptions;
import io.spacecaps.soak.SoakRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

@Command(name = "soak", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        abbreviateSynopsis = true,
        description = {"A long run at high speed: many Spaces whose speakers keep opening tracks, speaking a moment and "
                + "ending or abandoning them, published as fast as Kafka takes them into a job in this process. Samples heap "
                + "(after a collection), resident memory (Vosk's native recognisers included), the job's checkpointed state "
                + "and its open recognisers, and sets each quarter of the event time against the end: what a job that holds "
                + "nothing forever keeps flat. Prints a table and writes JSON; exit code 1 if the job did not release "
                + "every track within --drain-limit-s.%n"})
final class SoakCli extends SpacecapsCommand {

    @Option(names = "--spaces", paramLabel = "N", defaultValue = "100", description = "Spaces side by side (default: ${DEFAULT-VALUE})")
    int spaces;

    @Option(names = "--tracks", paramLabel = "N", defaultValue = "3", description = "speakers per Space, each with one track open at a time "
            + "(default: ${DEFAULT-VALUE})")
    int tracks;

    @Option(names = "--event-minutes", paramLabel = "MIN", defaultValue = "60", description = "how long each Space lasts, in its own time "
            + "(default: ${DEFAULT-VALUE})")
    int eventMinutes;

    @Option(names = "--track-every-s", paramLabel = "S", defaultValue = "600", description = "each speaker opens a new track this often "
            + "(default: ${DEFAULT-VALUE})")
    int trackEverySeconds;

    @Option(names = "--speech-ms", paramLabel = "MS", defaultValue = "1000", description = "audio per track (default: ${DEFAULT-VALUE})")
    int speechMs;

    @Option(names = "--abandoned", paramLabel = "SHARE", defaultValue = "0.5", description = "share of tracks left without an end "
            + "(default: ${DEFAULT-VALUE})")
    double abandoned;

    @Option(names = "--speed", paramLabel = "X", defaultValue = "10", description = "publish X times faster than the Spaces' own time; "
            + "0: as fast as Kafka takes it (default: ${DEFAULT-VALUE})")
    double speed;

    @Option(names = "--drain-limit-s", paramLabel = "S", defaultValue = "1800", description = "how long the job may take to work through "
            + "what was published and release every track (default: ${DEFAULT-VALUE})")
    int drainLimitSeconds;

    @Option(names = "--out", paramLabel = "FILE", description = "the JSON report (default: tools/target/soak.json)")
    Path out;

    private PipelineOptions pipeline;
    private SpacecapsConfig config;
    private SoakOptions options;

    SoakCli(CliContext context) {
        super(context);
    }

    @Override
    void declareOptions(CommandSpec spec) {
        pipeline = PipelineOptions.addTo(spec, PipelineOptions.ALL, true, context.environment());
    }

    @Override
    void validate() {
        config = pipeline.config(spec);
        if (!(speed >= 0) || Double.isInfinite(speed)) {
            throw usage("--speed takes 0 or a positive number, not " + speed);
        }
        if (drainLimitSeconds < 1) {
            throw usage("--drain-limit-s takes a positive number of seconds, not " + drainLimitSeconds);
        }
        try {
            options = new SoakOptions(spaces, tracks, eventMinutes * 60_000L, trackEverySeconds * 1_000L, speechMs,
                    abandoned);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
        Logging.nativeVoskLog(verbose);
    }

    @Override
    public Integer call() throws Exception {
        int code = SoakRun.run(context.home(), out != null ? out : context.home().resolve("tools/target/soak.json"), config,
                !pipeline.given(SpacecapsConfig.BOOTSTRAP), pipeline.flinkSettings(), options, speed, Duration.ofSeconds(drainLimitSeconds),
                s -> console().status(s));
        Logging.stoppingOnPurpose();
        return code;
    }
}
