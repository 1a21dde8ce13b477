package io.spacecaps.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The metrics the Prometheus alert rules in {@code deploy/prometheus/} ask for, as patterns of metric names. */
public final class AlertRules {

    private static final Pattern NAME_PATTERN = Pattern.compile("__name__=~\"([^\"]+)\"");
    private static final Pattern NAME = Pattern.compile("\\bflink_[A-Za-z0-9_]+");

    private AlertRules() {
    }

    /** Each metric an {@code expr:} names: its name, or the pattern a {@code __name__=~} selector gives. */
    public static List<String> metricsIn(Path rules) throws IOException {
        List<String> metrics = new ArrayList<>();
        int alerts = 0;
        for (String line : Files.readAllLines(rules, StandardCharsets.UTF_8)) {
            String trimmed = line.trim();
            if (trimmed.startsWith("- alert:")) {
                alerts++;
            }
            if (!trimmed.startsWith("expr:")) {
                continue;
            }
            String expr = trimmed.substring("expr:".length());
            Matcher patterns = NAME_PATTERN.matcher(expr);
            while (patterns.find()) {
                metrics.add(patterns.group(1));
            }
            Matcher names = NAME.matcher(NAME_PATTERN.matcher(expr).replaceAll(""));
            while (names.find()) {
                metrics.add(names.group());
            }
        }
        if (alerts == 0 || metrics.isEmpty()) {
            throw new IllegalStateException(rules + " holds no alert rule with a metric");
        }
        return metrics;
    }
}
