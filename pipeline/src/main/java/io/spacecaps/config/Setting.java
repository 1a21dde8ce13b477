package io.spacecaps.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One option of the pipeline: its name ({@code --name}), default, group and help text, and how a
 * value is checked. {@link SpacecapsConfig#SETTINGS} lists them all; the job's own argument parser
 * and the command line's help are both built from that list, so an option is declared once.
 */
public record Setting(String name, String defaultValue, Group group, String valueLabel, String description,
                      Function<String, String> check) {

    /** Where an option is shown in help. */
    public enum Group {
        KAFKA("Kafka"), RECOGNITION("Recognition"), ORDERING("Ordering and waits"), SPEAKERS("Speakers"),
        LIMITS("Limits"), FLINK("Flink");

        private final String title;

        Group(String title) {
            this.title = title;
        }

        public String title() {
            return title;
        }
    }

    private static final String FLAG_LABEL = "true|false";

    public Setting {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(check, "check");
    }

    /** Whether the option is a true/false flag, which may be given without a value. */
    public boolean isFlag() {
        return FLAG_LABEL.equals(valueLabel);
    }

    /** Null when {@code value} is acceptable, else why not, in words (without the option's name). */
    public String problemWith(String value) {
        return check.apply(value);
    }

    static Setting text(String name, String defaultValue, Group group, String label, String description) {
        return new Setting(name, defaultValue, group, label, description, v -> v.isBlank() ? "takes a value, not an empty one" : null);
    }

    static Setting positiveInt(String name, long defaultValue, Group group, String label, String description) {
        return new Setting(name, String.valueOf(defaultValue), group, label, description, v -> wholeNumber(v, 1, Integer.MAX_VALUE));
    }

    static Setting nonNegativeInt(String name, long defaultValue, Group group, String label, String description) {
        return new Setting(name, String.valueOf(defaultValue), group, label, description, v -> wholeNumber(v, 0, Integer.MAX_VALUE));
    }

    static Setting positiveLong(String name, long defaultValue, Group group, String label, String description) {
        return new Setting(name, String.valueOf(defaultValue), group, label, description, v -> wholeNumber(v, 1, Long.MAX_VALUE));
    }

    static Setting nonNegativeLong(String name, long defaultValue, Group group, String label, String description) {
        return new Setting(name, String.valueOf(defaultValue), group, label, description, v -> wholeNumber(v, 0, Long.MAX_VALUE));
    }

    static Setting flag(String name, boolean defaultValue, Group group, String description) {
        return new Setting(name, String.valueOf(defaultValue), group, FLAG_LABEL, description,
                v -> List.of("true", "false").contains(v.toLowerCase(Locale.ROOT)) ? null : "takes true or false, not '" + v + "'");
    }

    static Setting choice(String name, String defaultValue, Group group, String label, String description,
                          Function<String, String> check) {
        return new Setting(name, defaultValue, group, label, description, check);
    }

    static String wholeNumber(String value, long min, long max) {
        try {
            long n = Long.parseLong(value.strip());
            if (n < min || n > max) {
                return "takes a whole number " + (max == Long.MAX_VALUE || max == Integer.MAX_VALUE
                        ? "of at least " + min : "from " + min + " to " + max) + ", not " + value;
            }
            return null;
        } catch (NumberFormatException e) {
            return "takes a whole number, not '" + value + "'";
        }
    }
}
