package io.spacecaps.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The bench command's own options; every other {@code --name value} goes to the pipeline's
 * configuration unchanged, so a tuning run is {@code bench --parallelism 4 --partial-words false}.
 *
 * @param maxSpaces   the most Spaces the capacity search steps up to; null: enough for 1.25x what bare Vosk's cost allows
 * @param minutes     audio per Space and track in each load step
 * @param out         where the JSON goes
 * @param asrDir      the ASR reference clips (references.tsv and WAVs); accuracy on them is skipped when missing
 * @param quick       the smoke run: one short step, no capacity search, a few clips
 * @param accuracy    run the accuracy phase
 * @param accuracySpeed replay speed of the accuracy phase: 0 as fast as Kafka takes it, 1 real time
 * @param maxSteps    load steps the capacity search may use
 * @param configArgs  everything else, for {@link io.spacecaps.config.SpacecapsConfig#fromArgs}
 * @param tracks      measure at this load only (a warm-up step, then one measured step), instead of searching for capacity
 */
public record BenchOptions(Integer maxSpaces, double minutes, Path out, Path asrDir, boolean quick, boolean accuracy,
                           double accuracySpeed, int maxSteps, List<String> configArgs, boolean verbose,
                           Integer tracks) {

    static final String USAGE = """
            usage: spacecaps bench [--spaces N] [--minutes M] [--out FILE] [--asr-dir DIR] [--quick]
                                   [--no-accuracy] [--max-steps N] [pipeline options, e.g. --parallelism 4]

              --spaces N      step the load up to at most N synthetic Spaces (2 tracks each); default: enough
                              for 1.25x the tracks bare Vosk's cost allows on this machine's cores
              --minutes M     audio per track in each load step (default 2; decimals allowed)
              --out FILE      the JSON report (default $SPACECAPS_HOME/tools/target/bench.json)
              --asr-dir DIR   reference clips with references.tsv (default $SPACECAPS_HOME/../shared/speech/asr)
              --quick         smoke run: 1 Space, 20 s of audio, no capacity search, 3 clips
              --no-accuracy   skip the accuracy phase
              --accuracy-speed X  replay speed of the accuracy phase (default 1: real time; 0: as fast as possible)
              --max-steps N   load steps the capacity search may take (default 10)
              --tracks N      no capacity search: a 30 s warm-up step, then one measured step at N tracks
                              (for comparing settings at one load)
            The table goes to standard output, progress to standard error.
            """;

    private static final Set<String> FLAGS = Set.of("quick", "no-accuracy", "verbose", "help");

    /** A mistake on the command line: printed with the usage, exit code 2. */
    public static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }

    public static BenchOptions parse(String[] args, Path home) {
        Integer spaces = null;
        Double minutes = null;
        Path out = home.resolve("tools/target/bench.json");
        Path asrDir = home.resolve("../shared/speech/asr").normalize();
        boolean quick = false;
        boolean accuracy = true;
        // Real time, as a live room sends: a replay as fast as Kafka takes it can end a Space before
        // the job has seen it start, and the job then sets the audio aside.
        double accuracySpeed = 1;
        boolean verbose = false;
        int maxSteps = 10;
        Integer tracks = null;
        List<String> config = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new UsageException("unexpected argument '" + arg + "'");
            }
            String name = arg.substring(2);
            String value = null;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (!FLAGS.contains(name)) {
                if (i + 1 >= args.length) {
                    throw new UsageException("--" + name + " needs a value");
                }
                value = args[++i];
            }
            switch (name) {
                case "spaces" -> spaces = positiveInt(name, value);
                case "minutes" -> minutes = positiveNumber(name, value);
                case "out" -> out = Path.of(value);
                case "asr-dir" -> asrDir = Path.of(value);
                case "max-steps" -> maxSteps = positiveInt(name, value);
                case "tracks" -> tracks = positiveInt(name, value);
                case "accuracy-speed" -> accuracySpeed = value.equals("0") ? 0 : positiveNumber(name, value);
                case "quick" -> quick = true;
                case "no-accuracy" -> accuracy = false;
                case "verbose" -> verbose = true;
                case "help" -> throw new UsageException("help");
                default -> {
                    config.add("--" + name);
                    config.add(value == null ? "true" : value);
                }
            }
        }
        if (quick) {
            spaces = spaces == null ? 1 : spaces;
            minutes = minutes == null ? 20 / 60.0 : minutes;
        }
        return new BenchOptions(spaces, minutes == null ? 2.0 : minutes, out, asrDir, quick, accuracy, accuracySpeed, maxSteps,
                List.copyOf(config), verbose, tracks);
    }

    /** Length of each load step's audio per track. */
    public long stepMillis() {
        return Math.round(minutes * 60_000);
    }

    public String[] configArgArray() {
        return configArgs.toArray(String[]::new);
    }

    private static int positiveInt(String name, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException("--" + name + " takes a whole number of 1 or more, not '" + value + "'");
    }

    private static double positiveNumber(String name, String value) {
        try {
            double d = Double.parseDouble(value);
            if (d > 0 && !Double.isInfinite(d)) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new UsageException("--" + name + " takes a number above 0, not '" + value + "'");
    }
}
