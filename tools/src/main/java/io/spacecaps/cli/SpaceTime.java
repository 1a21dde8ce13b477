package io.spacecaps.cli;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A point in a Space as people write it: {@code 01:02:03}, {@code 12:30}, {@code 750} or {@code 12.5} (seconds). */
final class SpaceTime {

    private static final Pattern CLOCK = Pattern.compile("(?:(\\d+):)?([0-5]?\\d):([0-5]?\\d(?:\\.\\d{1,3})?)");
    private static final Pattern SECONDS = Pattern.compile("\\d+(?:\\.\\d{1,3})?");

    private SpaceTime() {
    }

    /** Milliseconds from the Space's start; IllegalArgumentException for anything else. */
    static long parseMillis(String text) {
        String t = text.strip();
        Matcher clock = CLOCK.matcher(t);
        if (clock.matches()) {
            long hours = clock.group(1) == null ? 0 : Long.parseLong(clock.group(1));
            if (hours > 10_000) {
                throw new IllegalArgumentException("more than 10,000 hours: " + text);
            }
            return hours * 3_600_000 + Long.parseLong(clock.group(2)) * 60_000 + Math.round(Double.parseDouble(clock.group(3)) * 1000);
        }
        if (SECONDS.matcher(t).matches() && t.length() <= 12) {
            return Math.round(Double.parseDouble(t) * 1000);
        }
        throw new IllegalArgumentException("not a time of the Space: " + text);
    }

    /** {@code HH:MM:SS}. */
    static String format(long ms) {
        long s = ms / 1000;
        return String.format(Locale.ROOT, "%02d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    }
}
