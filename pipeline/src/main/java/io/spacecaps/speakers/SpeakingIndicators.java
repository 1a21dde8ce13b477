package io.spacecaps.speakers;

import java.util.Arrays;
import java.util.Map;

/**
 * What the room said about who was speaking, per participant: the history of its SPEAKING_STARTED and
 * SPEAKING_STOPPED events, kept in Flink map state as a plain {@code long[]} of pairs {@code [time,
 * kind, time, kind, ...]} sorted by time (wall-clock ms, as the room gave them; kind {@link #STARTED}
 * or {@link #STOPPED}).
 * Keeping the events rather than intervals makes the history the same whatever order the events
 * arrived in: the intervals are read off them in time order ({@link #intervals}), a start while
 * speaking and a stop while silent changing nothing.
 */
public final class SpeakingIndicators {

    static final long STARTED = 1;
    static final long STOPPED = 0;
    /** Events kept per participant; the oldest are dropped first. */
    static final int MAX_EVENTS = 800;

    private SpeakingIndicators() {
    }

    /** The history with a start at {@code atMs}. */
    public static long[] started(long[] history, long atMs) {
        return with(history, atMs, STARTED);
    }

    /** The history with a stop at {@code atMs}. */
    public static long[] stopped(long[] history, long atMs) {
        return with(history, atMs, STOPPED);
    }

    private static long[] with(long[] history, long atMs, long kind) {
        long[] base = history == null ? new long[0] : history;
        int at = base.length;
        // After events of the same time, so that a stop and a start at one moment apply in arrival order.
        while (at >= 2 && base[at - 2] > atMs) {
            at -= 2;
        }
        long[] next = new long[base.length + 2];
        System.arraycopy(base, 0, next, 0, at);
        next[at] = atMs;
        next[at + 1] = kind;
        System.arraycopy(base, at, next, at + 2, base.length - at);
        return next.length / 2 > MAX_EVENTS ? Arrays.copyOfRange(next, 2, next.length) : next;
    }

    /**
     * The intervals the history describes, as pairs {@code [start, end, ...]}; an interval still going
     * on ends at {@link SpeakerTimeline#OPEN}.
     */
    public static long[] intervals(long[] history) {
        if (history == null) {
            return new long[0];
        }
        long[] out = new long[history.length];
        int n = 0;
        boolean open = false;
        for (int i = 0; i + 1 < history.length; i += 2) {
            if (history[i + 1] == STARTED && !open) {
                out[n++] = history[i];
                open = true;
            } else if (history[i + 1] == STOPPED && open) {
                out[n++] = history[i];
                open = false;
            }
        }
        if (open) {
            out[n++] = SpeakerTimeline.OPEN;
        }
        return Arrays.copyOf(out, n);
    }

    /**
     * Everyone's intervals as one timeline of participant ids, for splitting words by speaker, counted
     * from {@code originMs} on the wall clock (a Space's start puts it on the Space's timeline).
     */
    public static SpeakerTimeline<String> timeline(Iterable<Map.Entry<String, long[]>> historyByParticipant, long originMs) {
        SpeakerTimeline<String> timeline = new SpeakerTimeline<>();
        for (Map.Entry<String, long[]> e : historyByParticipant) {
            long[] iv = intervals(e.getValue());
            for (int i = 0; i + 1 < iv.length; i += 2) {
                long end = iv[i + 1] == SpeakerTimeline.OPEN ? SpeakerTimeline.OPEN : iv[i + 1] - originMs;
                timeline.add(new SpeakerTimeline.Span<>(iv[i] - originMs, end, e.getKey(), 1f));
            }
        }
        return timeline;
    }

    /** The share of the words' time (pairs [start, end]) the participant was said to be speaking. */
    public static float coverage(long[] intervals, long[][] words) {
        long said = 0;
        long all = 0;
        for (long[] w : words) {
            all += Math.max(1, w[1] - w[0]);
            for (int i = 0; i + 1 < intervals.length; i += 2) {
                said += Math.max(0, Math.min(w[1], intervals[i + 1]) - Math.max(w[0], intervals[i]));
            }
        }
        return all == 0 ? 0f : Math.min(1f, (float) said / all);
    }
}
