package io.spacecaps.cli;

import io.spacecaps.bench.QualityBench;
import io.spacecaps.config.SpacecapsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

@Command(name = "quality-bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        abbreviateSynopsis = true,
        description = {"How readable the captions are, through the whole pipeline: against a punctuated, cased reference, "
                + "F1 of sentence ends, question marks and commas, casing and numerals on the words recognised right; "
                + "WER of the words and of the written text; and how often partials' stable words change after all, and "
                + "how much earlier they come than the final. On the demo Space and data/seed-002-tail. The table goes to "
                + "standard output, the JSON to --out, progress to standard error.%n"})
final class QualityBenchCli extends SpacecapsCommand {

    @Option(names = "--out", paramLabel = "FILE", description = "the JSON report (default: tools/target/quality-bench.json)")
    Path out;

    @Option(names = "--space", paramLabel = "DIR", description = "a Space to score instead of the two above (repeatable): "
            + "a directory with manifest.json and reference.tsv (speaker, display_text, spoken_text), as scripts/make-space.py writes")
    List<Path> spaces = new ArrayList<>();

    @Option(names = "--speed", paramLabel = "N", description = "replay speed: 1 real time (default; partials are timed as live), "
            + "0 as fast as the machine allows")
    double speed = 1;

    private PipelineOptions pipeline;
    private SpacecapsConfig config;

    QualityBenchCli(CliContext context) {
        super(context);
    }

    @Override
    void declareOptions(CommandSpec spec) {
        pipeline = PipelineOptions.addTo(spec, PipelineOptions.ALL, true, context.environment());
    }

    @Override
    void validate() {
        checkNotNegative("--speed", speed);
        for (Path dir : spaces) {
            for (String file : new String[]{"manifest.json", "reference.tsv"}) {
                if (!Files.isRegularFile(dir.resolve(file))) {
                    throw usage("--space " + dir + ": no " + file + " there (a Space to score needs manifest.json and reference.tsv)");
                }
            }
        }
        config = pipeline.config(spec);
        Logging.nativeVoskLog(verbose);
    }

    @Override
    public Integer call() throws Exception {
        int code = QualityBench.run(context.home(), spaces, out != null ? out : QualityBench.defaultOut(context.home()), config, speed,
                !pipeline.given(SpacecapsConfig.BOOTSTRAP), pipeline.flinkSettings(), console()::status);
        Logging.stoppingOnPurpose();
        return code;
    }
}
