package io.spacecaps.cli;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.embedded.EmbeddedPipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "job", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        abbreviateSynopsis = true,
        description = {"Runs the Spacecaps job in a local Flink MiniCluster against a Kafka cluster until Ctrl-C, "
                + "and prints the address of Flink's web UI.%n"})
final class JobCommand extends SpacecapsCommand {

    private PipelineOptions pipeline;
    private SpacecapsConfig config;

    JobCommand(CliContext context) {
        super(context);
    }

    @Override
    void declareOptions(CommandSpec spec) {
        pipeline = PipelineOptions.addTo(spec, PipelineOptions.ALL, true, context.environment());
    }

    @Override
    void validate() {
        if (!pipeline.given(SpacecapsConfig.BOOTSTRAP)) {
            throw usage("job needs --bootstrap HOST:PORT (start a broker with 'spacecaps broker')");
        }
        config = pipeline.config(spec);
        Logging.nativeVoskLog(verbose);
    }

    /** The pipeline options as given (for tests). */
    PipelineOptions pipelineOptions() {
        return pipeline;
    }

    @Override
    public Integer call() throws Exception {
        KafkaWait.until(config, console());
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(config, false, console()::status, null, this.pipeline.flinkSettings())) {
            // The job's id with its address: what a stop with a savepoint (see the README's "Rescaling") needs.
            pipeline.webUi().ifPresent(ui -> console().status("Flink web UI: " + ui + " (job " + pipeline.job().getJobID() + ")"));
            console().status("the job is running against " + pipeline.bootstrapServers() + "; Ctrl-C to stop");
            Interrupt.await(pipeline::close);
        }
        return SpacecapsCli.OK;
    }
}
