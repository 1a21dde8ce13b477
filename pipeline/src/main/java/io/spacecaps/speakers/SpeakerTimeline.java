package io.spacecaps.speakers;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * Who was speaking when, as labelled spans of a timeline, and words split into runs where the
 * speaker changes. The one answer to "who owns time t" in the job: the voice stage fills it with a
 * mixed track's voice labels, the speaker stage with the participants the room said were speaking.
 *
 * <p>Spans are kept in order of their start and may overlap (two people said to be speaking at
 * once) or be open ({@link #OPEN}: speaking, no stop yet). A span is a word's when it overlaps the
 * word most; a word in a pause takes the nearest span within the snap distance; a word with none
 * near keeps the previous word's speaker. Not thread-safe.
 *
 * @param <L> the label: a voice number, a participant id
 */
public final class SpeakerTimeline<L> {

    /** The end of a span still going on. */
    public static final long OPEN = Long.MAX_VALUE;
    /** A word in a pause takes the speaker of speech at most this far from it. */
    public static final long DEFAULT_SNAP_MS = 500;

    /** Speech by {@code label} from {@code startMs} to {@code endMs} (exclusive), with a confidence 0..1. */
    public record Span<L>(long startMs, long endMs, L label, float confidence) {
        public Span {
            Objects.requireNonNull(label, "label");
            if (endMs < startMs) {
                throw new IllegalArgumentException("span ends before it starts: " + startMs + ".." + endMs + " ms");
            }
        }
    }

    /** Consecutive items (words) of one speaker; {@code label} null where no speaker was near them. */
    public record Run<L, T>(L label, float confidence, long startMs, long endMs, List<T> items) {
    }

    private final ArrayList<Span<L>> spans = new ArrayList<>();

    /** Adds a span, keeping the spans in order of their start. */
    public void add(Span<L> span) {
        int at = spans.size();
        while (at > 0 && spans.get(at - 1).startMs() > span.startMs()) {
            at--;
        }
        spans.add(at, span);
    }

    /** Ends {@code label}'s open span at {@code atMs}, if it has one. */
    public void close(L label, long atMs) {
        for (int i = spans.size() - 1; i >= 0; i--) {
            Span<L> s = spans.get(i);
            if (s.endMs() == OPEN && s.label().equals(label)) {
                spans.set(i, new Span<>(s.startMs(), Math.max(s.startMs(), atMs), label, s.confidence()));
                return;
            }
        }
    }

    /** Forgets spans that ended before {@code ms}. */
    public void forgetBefore(long ms) {
        spans.removeIf(s -> s.endMs() < ms);
    }

    public List<Span<L>> spans() {
        return List.copyOf(spans);
    }

    public boolean isEmpty() {
        return spans.isEmpty();
    }

    /** The label speaking at {@code ms}, or of the nearest speech within {@code snapMs}; null if none. */
    public L labelAt(long ms, long snapMs) {
        Span<L> s = best(ms, ms, snapMs);
        return s == null ? null : s.label();
    }

    /** The label overlapping [startMs, endMs] the most, else the nearest within {@code snapMs}; null if none. */
    public L labelOf(long startMs, long endMs, long snapMs) {
        Span<L> s = best(startMs, Math.max(startMs, endMs), snapMs);
        return s == null ? null : s.label();
    }

    /** The span of the latest speech that started at or before {@code ms}, or null. */
    public Span<L> latestAt(long ms) {
        Span<L> latest = null;
        for (Span<L> s : spans) {
            if (s.startMs() > ms) {
                break;
            }
            latest = s;
        }
        return latest;
    }

    /**
     * Splits items with times (words) into runs by speaker. An item goes to the span it overlaps
     * most, else to the nearest within {@code snapMs}, else to the previous item's speaker.
     */
    public <T> List<Run<L, T>> split(List<T> items, ToLongFunction<T> startMs, ToLongFunction<T> endMs, long snapMs) {
        List<Run<L, T>> runs = new ArrayList<>();
        L label = null;
        float confidence = 0;
        List<T> current = new ArrayList<>();
        long runStart = 0;
        long runEnd = 0;
        for (T item : items) {
            long start = startMs.applyAsLong(item);
            long end = Math.max(start, endMs.applyAsLong(item));
            Span<L> s = best(start, end, snapMs);
            L itemLabel = s == null ? label : s.label();
            float itemConfidence = s == null ? confidence : s.confidence();
            if (!current.isEmpty() && !Objects.equals(itemLabel, label)) {
                runs.add(new Run<>(label, confidence, runStart, runEnd, List.copyOf(current)));
                current.clear();
            }
            if (current.isEmpty()) {
                runStart = start;
                confidence = itemConfidence;
            }
            confidence = Math.min(confidence, itemConfidence);
            label = itemLabel;
            current.add(item);
            runEnd = Math.max(runEnd, end);
        }
        if (!current.isEmpty()) {
            runs.add(new Run<>(label, confidence, runStart, runEnd, List.copyOf(current)));
        }
        return runs;
    }

    private Span<L> best(long startMs, long endMs, long snapMs) {
        Span<L> best = null;
        long bestOverlap = 0;
        long bestGap = Long.MAX_VALUE;
        for (Span<L> s : spans) {
            if (s.startMs() > endMs + snapMs) {
                break;
            }
            boolean instant = startMs == endMs && s.startMs() <= startMs && startMs < s.endMs();
            long overlap = instant ? 1 : Math.min(endMs, s.endMs()) - Math.max(startMs, s.startMs());
            if (overlap > 0) {
                if (overlap > bestOverlap) {
                    best = s;
                    bestOverlap = overlap;
                }
            } else if (bestOverlap == 0) {
                long gap = s.endMs() <= startMs ? startMs - s.endMs() : s.startMs() - endMs;
                if (gap <= snapMs && gap < bestGap) {
                    best = s;
                    bestGap = gap;
                }
            }
        }
        return best;
    }
}
