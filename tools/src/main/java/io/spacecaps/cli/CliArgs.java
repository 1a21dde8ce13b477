package io.spacecaps.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A command line: positional arguments, {@code --name value} options and {@code --flag}s. */
final class CliArgs {

    final List<String> positional = new ArrayList<>();
    final Map<String, String> options = new LinkedHashMap<>();

    static CliArgs parse(String[] args, Set<String> flags) {
        CliArgs parsed = new CliArgs();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--")) {
                String name = arg.substring(2);
                String value;
                int eq = name.indexOf('=');
                if (eq >= 0) {
                    value = name.substring(eq + 1);
                    name = name.substring(0, eq);
                } else if (flags.contains(name)) {
                    value = "true";
                } else if (i + 1 < args.length) {
                    value = args[++i];
                } else {
                    throw new UsageException("--" + name + " needs a value");
                }
                parsed.options.put(name, value);
            } else {
                parsed.positional.add(arg);
            }
        }
        return parsed;
    }

    String get(String name, String fallback) {
        return options.getOrDefault(name, fallback);
    }

    boolean flag(String name) {
        return Boolean.parseBoolean(options.getOrDefault(name, "false"));
    }

    double number(String name, double fallback) {
        String value = options.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            double d = Double.parseDouble(value);
            if (d < 0 || Double.isNaN(d)) {
                throw new NumberFormatException();
            }
            return d;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " takes a number of 0 or more, not '" + value + "'");
        }
    }

    /** The options in {@code --name value} form, for {@link io.spacecaps.config.SpacecapsConfig#fromArgs}. */
    String[] asConfigArgs() {
        List<String> out = new ArrayList<>();
        options.forEach((k, v) -> {
            out.add("--" + k);
            out.add(v);
        });
        return out.toArray(String[]::new);
    }

    /** A mistake in how the command was called: printed with the usage, exit code 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
