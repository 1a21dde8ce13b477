package io.spacecaps.captions;

import java.util.ArrayList;
import java.util.List;

/**
 * What a subtitle cue may hold and how long it stays on screen. {@link #BROADCAST} is the usual
 * broadcast convention: two lines of 42 characters, read at no more than 20 characters a second,
 * each cue shown for 1 to 7 seconds.
 *
 * @param maxLines           lines per cue
 * @param maxLineChars       characters per line, a speaker label included
 * @param maxCharsPerSecond  reading rate: characters of a cue's text (labels left out) over the time it is shown
 * @param minMillis          shortest time a cue is shown
 * @param maxMillis          longest time a cue is shown
 */
public record CueLimits(int maxLines, int maxLineChars, double maxCharsPerSecond, long minMillis, long maxMillis) {

    public static final CueLimits BROADCAST = new CueLimits(2, 42, 20.0, 1000, 7000);

    /** Lines shorter than this cannot hold a speaker label and a word or two. */
    public static final int MIN_LINE_CHARS = 10;

    public CueLimits {
        List<String> problems = problems(maxLines, maxLineChars, maxCharsPerSecond, minMillis, maxMillis);
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
    }

    /** Everything wrong with these values, each naming the component; empty when they make limits. */
    public static List<String> problems(int maxLines, int maxLineChars, double maxCharsPerSecond, long minMillis,
                                        long maxMillis) {
        List<String> problems = new ArrayList<>();
        if (maxLines < 1) {
            problems.add("maxLines must be 1 or more, not " + maxLines);
        }
        if (maxLineChars < MIN_LINE_CHARS) {
            problems.add("maxLineChars must be " + MIN_LINE_CHARS + " or more, not " + maxLineChars);
        }
        if (!(maxCharsPerSecond > 0) || Double.isInfinite(maxCharsPerSecond)) {
            problems.add("maxCharsPerSecond must be a number above 0, not " + maxCharsPerSecond);
        }
        if (minMillis < 0) {
            problems.add("minMillis must be 0 or more, not " + minMillis);
        }
        if (maxMillis < 1 || maxMillis < minMillis) {
            problems.add("maxMillis must be 1 or more and at least minMillis (" + minMillis + "), not " + maxMillis);
        }
        return problems;
    }

    /** The shortest time {@code chars} characters can be shown within the reading rate. */
    long readingMillis(int chars) {
        return (long) Math.ceil(chars * 1000.0 / maxCharsPerSecond);
    }
}
