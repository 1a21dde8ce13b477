package io.spacecaps.cli;

import io.spacecaps.bench.DiarizationBench;
import io.spacecaps.config.SpacecapsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.nio.file.Path;

@Command(name = "diarization-bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        abbreviateSynopsis = true,
        description = {"Who-spoke-when accuracy of mixed tracks through the whole pipeline: DER (0.25 s collar, and none) "
                + "and speaker-attributed WER, on the demo Space mixed down, the synthetic Spaces and the AMI excerpts "
                + "in ../shared/speech/diar.%n"})
final class DiarizationBenchCli extends SpacecapsCommand {

    @Option(names = "--out", paramLabel = "FILE", description = "the JSON report (default: tools/target/diarization-bench.json)")
    Path out;

    private PipelineOptions pipeline;
    private SpacecapsConfig config;

    DiarizationBenchCli(CliContext context) {
        super(context);
    }

    @Override
    void declareOptions(CommandSpec spec) {
        pipeline = PipelineOptions.addTo(spec, PipelineOptions.ALL, true, context.environment());
    }

    @Override
    void validate() {
        config = pipeline.config(spec);
        Logging.nativeVoskLog(verbose);
    }

    @Override
    public Integer call() throws Exception {
        int code = DiarizationBench.run(context.home(), out != null ? out : DiarizationBench.defaultOut(context.home()), config,
                !pipeline.given(SpacecapsConfig.BOOTSTRAP), pipeline.flinkSettings());
        Logging.stoppingOnPurpose();
        return code;
    }
}
