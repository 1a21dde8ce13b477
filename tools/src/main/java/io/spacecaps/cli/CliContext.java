package io.spacecaps.cli;

import java.nio.file.Path;
import java.util.Map;

/**
 * What every command shares: where progress goes, the environment it reads (for
 * SPACECAPS_KAFKA_PROPERTIES; the tests give their own) and the project's home (for the demo Space).
 */
record CliContext(Console console, Map<String, String> environment, Path home) {

    static CliContext ofThisProcess() {
        String home = System.getProperty("spacecaps.home", System.getenv("SPACECAPS_HOME"));
        return new CliContext(Console.standardError(), System.getenv(),
                Path.of(home == null ? "." : home).toAbsolutePath().normalize());
    }
}
