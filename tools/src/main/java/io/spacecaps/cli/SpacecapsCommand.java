package io.spacecaps.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/**
 * A command of scripts/spacecaps. {@link #validate()} checks every option and input and is run
 * before {@link #call()}, so that nothing (a broker, a MiniCluster) starts for a command that
 * cannot run; a problem found there is a usage error (exit code 2).
 */
abstract class SpacecapsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--verbose", description = "show framework logs (Flink, Kafka, Vosk) at INFO, and stack traces")
    boolean verbose;

    final CliContext context;

    SpacecapsCommand(CliContext context) {
        this.context = context;
    }

    Console console() {
        return context.console();
    }

    /** Checks everything given; throws {@link picocli.CommandLine.ParameterException} naming what is wrong. */
    void validate() throws Exception {
    }

    /** Adds options that are not fields of the command (the pipeline's, from its settings list). */
    void declareOptions(CommandSpec spec) {
    }

    /** {@code --speed}-like numbers: finite and 0 or more. */
    void checkNotNegative(String option, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw usage(option + " takes a number of 0 or more, not " + value);
        }
    }

    /** {@code --minutes}-like numbers, when given: finite and above 0. */
    void checkAboveZero(String option, Double value) {
        if (value != null && !(value > 0 && !value.isInfinite())) {
            throw usage(option + " takes a number above 0, not " + value);
        }
    }

    /** A usage error: {@code spacecaps <command>: <message>}, exit code 2. */
    picocli.CommandLine.ParameterException usage(String message) {
        return new picocli.CommandLine.ParameterException(spec.commandLine(), message);
    }
}
