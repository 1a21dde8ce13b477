package io.spacecaps.cli;

import io.spacecaps.bench.DiarizationBench;
import io.spacecaps.config.SpacecapsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

@Command(name = "diarization-bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        abbreviateSynopsis = true,
        description = {"Who-spoke-when accuracy of mixed tracks through the whole pipeline: DER (0.25 s collar, and none) "
                + "and speaker-attributed WER, on the demo Space mixed down, the synthetic Spaces and the AMI excerpts "
                + "in ../shared/speech/diar (and any --recordings), live and after the second pass.%n"})
final class DiarizationBenchCli extends SpacecapsCommand {

    @Option(names = "--out", paramLabel = "FILE", description = "the JSON report (default: tools/target/diarization-bench.json)")
    Path out;

    @Option(names = "--recordings", paramLabel = "DIR", description = "also score every NAME.wav in DIR against its NAME.rttm "
            + "(file id NAME), replayed as one mixed track; repeatable")
    List<Path> recordings = new ArrayList<>();

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
        for (Path dir : recordings) {
            if (!Files.isDirectory(dir)) {
                throw new ParameterException(spec.commandLine(), "--recordings " + dir + ": not a directory");
            }
        }
        Logging.nativeVoskLog(verbose);
    }

    @Override
    public Integer call() throws Exception {
        int code = DiarizationBench.run(context.home(), out != null ? out : DiarizationBench.defaultOut(context.home()), config,
                !pipeline.given(SpacecapsConfig.BOOTSTRAP), pipeline.flinkSettings(), recordings);
        Logging.stoppingOnPurpose();
        return code;
    }
}
