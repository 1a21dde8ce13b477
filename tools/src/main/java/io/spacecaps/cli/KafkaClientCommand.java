package io.spacecaps.cli;

import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.config.SpacecapsConfig;
import picocli.CommandLine.Model.CommandSpec;

import java.time.Duration;
import java.util.Map;

/**
 * A command that only talks to a Kafka cluster (it runs no job): it takes the connection options,
 * {@code --bootstrap}/{@code --bootstrap-server} and {@code --kafka-properties}, checks them after its
 * own, and reads or writes with the client settings they make.
 */
abstract class KafkaClientCommand extends SpacecapsCommand {

    /** How long Kafka may take to answer one request before a command gives up. */
    static final Duration KAFKA_ANSWER_WITHIN = Duration.ofSeconds(30);

    private PipelineOptions connection;
    private KafkaClientSettings kafka;

    KafkaClientCommand(CliContext context) {
        super(context);
    }

    /**
     * The usage error when {@code --bootstrap} is not given ({@code "spaces needs --bootstrap HOST:PORT"}),
     * or null when the command may go without it.
     */
    abstract String withoutBootstrap();

    /** Checks the command's own options; a problem is a usage error. */
    void validateOptions() throws Exception {
    }

    @Override
    final void declareOptions(CommandSpec spec) {
        connection = PipelineOptions.addTo(spec, PipelineOptions.CONNECTION, false, context.environment());
    }

    @Override
    final void validate() throws Exception {
        String missing = withoutBootstrap();
        if (missing != null && !connection.given(SpacecapsConfig.BOOTSTRAP)) {
            throw usage(missing);
        }
        validateOptions();
        kafka = KafkaClientSettings.of(connection.config(spec));
    }

    /** The cluster's client settings, once the options are checked. */
    KafkaClientSettings kafka() {
        return kafka;
    }

    /** The connection options as given (for tests). */
    Map<String, String> connectionValues() {
        return connection.values();
    }
}
