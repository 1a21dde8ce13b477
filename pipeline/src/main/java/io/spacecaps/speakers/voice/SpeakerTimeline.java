package io.spacecaps.speakers.voice;

import io.spacecaps.schema.Word;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToLongFunction;

/**
 * The labelled speech of a track so far, in time order: answers "which voice was speaking at
 * time t" and splits a recognised word sequence where the voice changes. Keeps the last
 * {@code retainMs} of segments, so a long Space does not grow it without bound.
 */
public final class SpeakerTimeline {

    public static final long DEFAULT_RETAIN_MS = 10 * 60_000;
    /** A word in a pause takes the label of speech at most this far from it. */
    public static final long DEFAULT_SNAP_MS = 500;

    /** Consecutive items (words) of one voice. {@code label} 0 means no voice was found near them. */
    public record Run<T>(int label, float confidence, long startMs, long endMs, List<T> items) {
    }

    private final long retainMs;
    private final ArrayList<LabelledSegment> segments = new ArrayList<>();

    public SpeakerTimeline() {
        this(DEFAULT_RETAIN_MS);
    }

    public SpeakerTimeline(long retainMs) {
        this.retainMs = retainMs;
    }

    /** Appends a segment; segments must come in time order, as the segmenter emits them. */
    public void add(LabelledSegment segment) {
        if (!segments.isEmpty() && segment.startMs() < segments.get(segments.size() - 1).endMs()) {
            throw new IllegalArgumentException("segment " + segment + " starts before the end of "
                    + segments.get(segments.size() - 1));
        }
        segments.add(segment);
        long keepFrom = segment.endMs() - retainMs;
        int drop = 0;
        while (drop < segments.size() && segments.get(drop).endMs() < keepFrom) {
            drop++;
        }
        if (drop > 0) {
            segments.subList(0, drop).clear();
        }
    }

    public List<LabelledSegment> segments() {
        return List.copyOf(segments);
    }

    /** The segment covering {@code ms}, if speech was detected there. */
    public Optional<LabelledSegment> segmentAt(long ms) {
        int i = indexAtOrBefore(ms);
        if (i >= 0 && ms < segments.get(i).endMs()) {
            return Optional.of(segments.get(i));
        }
        return Optional.empty();
    }

    /** The label at {@code ms}, or of the nearest speech within {@code snapMs}; 0 if there is none. */
    public int labelAt(long ms, long snapMs) {
        LabelledSegment s = nearest(ms, ms, snapMs);
        return s == null ? 0 : s.label();
    }

    public int labelAt(long ms) {
        return labelAt(ms, 0);
    }

    /** The segment overlapping [startMs, endMs) the most, else the nearest within snapMs, else null. */
    LabelledSegment nearest(long startMs, long endMs, long snapMs) {
        LabelledSegment best = null;
        long bestOverlap = 0;
        long bestGap = Long.MAX_VALUE;
        for (int i = Math.max(0, indexAtOrBefore(startMs - snapMs)); i < segments.size(); i++) {
            LabelledSegment s = segments.get(i);
            if (s.startMs() > endMs + snapMs) {
                break;
            }
            boolean contains = startMs == endMs && s.startMs() <= startMs && startMs < s.endMs();
            long overlap = contains ? 1 : Math.min(endMs, s.endMs()) - Math.max(startMs, s.startMs());
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

    /**
     * Splits items with times (words) into runs by voice: each item takes the label of the segment
     * it overlaps most, or of the nearest within {@value #DEFAULT_SNAP_MS} ms; an item with none near
     * keeps the previous item's label. A caption is cut wherever the label changes.
     */
    public <T> List<Run<T>> split(List<T> items, ToLongFunction<T> startMs, ToLongFunction<T> endMs) {
        List<Run<T>> runs = new ArrayList<>();
        int label = 0;
        float confidence = 0;
        List<T> current = new ArrayList<>();
        long runStart = 0;
        long runEnd = 0;
        for (T item : items) {
            long start = startMs.applyAsLong(item);
            long end = Math.max(start, endMs.applyAsLong(item));
            LabelledSegment s = nearest(start, end, DEFAULT_SNAP_MS);
            int itemLabel = s == null ? label : s.label();
            float itemConfidence = s == null ? confidence : s.confidence();
            if (!current.isEmpty() && itemLabel != label) {
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

    /** {@link #split} for recognised words. */
    public List<Run<Word>> splitWords(List<Word> words) {
        return split(words, Word::getStartMs, Word::getEndMs);
    }

    /** Index of the last segment starting at or before {@code ms}, or -1. */
    private int indexAtOrBefore(long ms) {
        int lo = 0;
        int hi = segments.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (segments.get(mid).startMs() <= ms) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }
}
