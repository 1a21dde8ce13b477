package io.spacecaps.speakers;

import io.spacecaps.schema.CaptionMarker;
import io.spacecaps.schema.MarkerType;

import java.util.ArrayList;
import java.util.List;

/**
 * Speech on two tracks at once. Each track's recent speech is kept as intervals (its finals of the
 * last minute, and the span of the partial being spoken); a final that overlaps another track's
 * speech by {@link #MIN_OVERLAP_MS} or more gets a CROSSTALK marker for each overlap.
 */
public final class Crosstalk {

    /** Overlaps shorter than this are turn-taking, not crosstalk. */
    public static final long MIN_OVERLAP_MS = 250;
    /** How far back a track's speech is remembered. */
    static final long MEMORY_MS = 60_000;
    private static final int MAX_INTERVALS = 400;

    private Crosstalk() {
    }

    /** CROSSTALK markers for where [start, end) overlaps the other tracks' speech. */
    public static List<CaptionMarker> overlaps(long start, long end, Iterable<long[]> otherTracksSpeech) {
        List<CaptionMarker> markers = new ArrayList<>();
        for (long[] intervals : otherTracksSpeech) {
            for (int i = 0; i + 1 < intervals.length; i += 2) {
                long from = Math.max(start, intervals[i]);
                long to = Math.min(end, intervals[i + 1]);
                if (to - from >= MIN_OVERLAP_MS) {
                    markers.add(new CaptionMarker(MarkerType.CROSSTALK, from, to));
                }
            }
        }
        return markers;
    }

    /** A track's recent speech after it spoke [start, end): the last minute, bounded. */
    public static long[] spoke(long[] recent, long start, long end) {
        return Intervals.endingFrom(Intervals.append(recent, start, end, MAX_INTERVALS), end - MEMORY_MS);
    }
}
