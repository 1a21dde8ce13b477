package io.spacecaps.speakers;

import java.util.Arrays;

/** Bounded histories of intervals as pairs of ms in a {@code long[]}: {@code [start, end, start, end, ...]}. */
final class Intervals {

    private Intervals() {
    }

    /** The history plus one interval; the oldest is dropped when {@code maxPairs} are kept already. */
    static long[] append(long[] intervals, long start, long end, int maxPairs) {
        long[] base = intervals == null ? new long[0] : intervals;
        int drop = base.length / 2 >= maxPairs ? 2 : 0;
        long[] next = new long[base.length - drop + 2];
        System.arraycopy(base, drop, next, 0, base.length - drop);
        next[next.length - 2] = start;
        next[next.length - 1] = end;
        return next;
    }

    /** The history without the intervals that ended before {@code ms}. */
    static long[] endingFrom(long[] intervals, long ms) {
        int from = 0;
        while (from + 1 < intervals.length && intervals[from + 1] < ms) {
            from += 2;
        }
        return from == 0 ? intervals : Arrays.copyOfRange(intervals, from, intervals.length);
    }
}
