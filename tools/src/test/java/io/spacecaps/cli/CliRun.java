package io.spacecaps.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** One run of the command line with its standard output and error captured, and the environment given. */
record CliRun(int exitCode, String out, String err, long millis) {

    static CliRun of(Map<String, String> environment, String... args) {
        PrintStream originalOut = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        long started = System.nanoTime();
        int code;
        try {
            String home = System.getProperty("spacecaps.home", ".");
            code = new SpacecapsCli(new CliContext(new Console(errStream, false), environment, Path.of(home))).run(args);
        } finally {
            System.setOut(originalOut);
        }
        return new CliRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                (System.nanoTime() - started) / 1_000_000);
    }

    static CliRun of(String... args) {
        return of(Map.of(), args);
    }
}
