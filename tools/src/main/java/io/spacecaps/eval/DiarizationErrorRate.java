package io.spacecaps.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Diarization error rate, scored frame by frame at {@value #FRAME_MS} ms as NIST md-eval does:
 * each reference speaker is mapped to at most one hypothesis speaker so that the time they share
 * is largest (Hungarian algorithm), then on every scored frame with {@code R} reference and
 * {@code H} hypothesis speakers talking, {@code max(0, R - H)} is missed speech,
 * {@code max(0, H - R)} false alarm and {@code min(R, H)} minus the correctly mapped speakers
 * speaker confusion. Overlapping speech counts once per speaker. DER is the sum of the three over
 * the reference speaker time.
 *
 * <p>A collar of {@code c} ms leaves out the frames within {@code c} of any reference speaker's
 * turn boundary (the usual 250 ms forgives hand-marking jitter). A frame is inside a segment when
 * its centre is.
 */
public final class DiarizationErrorRate {

    public static final int FRAME_MS = 10;
    public static final long STANDARD_COLLAR_MS = 250;

    private DiarizationErrorRate() {
    }

    /** Times are in milliseconds, multiples of {@value #FRAME_MS}. */
    public record Result(long referenceMs, long missedMs, long falseAlarmMs, long confusionMs,
                         Map<String, String> mapping) {

        public Result {
            mapping = Collections.unmodifiableMap(new LinkedHashMap<>(mapping));
        }

        public long errorMs() {
            return missedMs + falseAlarmMs + confusionMs;
        }

        /** Errors over reference speaker time; 0 when both sides are silent, infinite when only the reference is. */
        public double der() {
            return rate(errorMs());
        }

        public double missRate() {
            return rate(missedMs);
        }

        public double falseAlarmRate() {
            return rate(falseAlarmMs);
        }

        public double confusionRate() {
            return rate(confusionMs);
        }

        private double rate(long ms) {
            if (referenceMs == 0) {
                return ms == 0 ? 0 : Double.POSITIVE_INFINITY;
            }
            return (double) ms / referenceMs;
        }

        /** Corpus totals: times are summed, not rates averaged. The mapping of a sum is empty. */
        public Result add(Result other) {
            return new Result(referenceMs + other.referenceMs, missedMs + other.missedMs,
                    falseAlarmMs + other.falseAlarmMs, confusionMs + other.confusionMs, Map.of());
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "DER %.2f%% (miss %.2f%%, false alarm %.2f%%, confusion %.2f%%, "
                            + "reference %.2f s)", 100 * der(), 100 * missRate(), 100 * falseAlarmRate(),
                    100 * confusionRate(), referenceMs / 1000.0);
        }
    }

    public static Result score(List<SpeakerSegment> reference, List<SpeakerSegment> hypothesis, long collarMs) {
        if (collarMs < 0) {
            throw new IllegalArgumentException("collar must not be negative, got " + collarMs);
        }
        long endMs = 0;
        for (SpeakerSegment s : reference) {
            endMs = Math.max(endMs, s.endMs());
        }
        for (SpeakerSegment s : hypothesis) {
            endMs = Math.max(endMs, s.endMs());
        }
        int frames = (int) ((endMs + FRAME_MS - 1) / FRAME_MS);

        List<String> refSpeakers = speakers(reference);
        List<String> hypSpeakers = speakers(hypothesis);
        boolean[][] ref = activity(reference, refSpeakers, frames);
        boolean[][] hyp = activity(hypothesis, hypSpeakers, frames);
        boolean[] scored = scoredFrames(reference, refSpeakers, frames, collarMs);

        long[][] shared = new long[refSpeakers.size()][hypSpeakers.size()];
        long refFrames = 0;
        long missed = 0;
        long falseAlarm = 0;
        long matchable = 0;
        for (int t = 0; t < frames; t++) {
            if (!scored[t]) {
                continue;
            }
            int nRef = 0;
            int nHyp = 0;
            for (int r = 0; r < ref.length; r++) {
                if (ref[r][t]) {
                    nRef++;
                    for (int h = 0; h < hyp.length; h++) {
                        if (hyp[h][t]) {
                            shared[r][h]++;
                        }
                    }
                }
            }
            for (boolean[] h : hyp) {
                if (h[t]) {
                    nHyp++;
                }
            }
            refFrames += nRef;
            missed += Math.max(0, nRef - nHyp);
            falseAlarm += Math.max(0, nHyp - nRef);
            matchable += Math.min(nRef, nHyp);
        }

        int[] assignment = maximumAssignment(shared);
        long correct = 0;
        Map<String, String> mapping = new LinkedHashMap<>();
        for (int r = 0; r < assignment.length; r++) {
            int h = assignment[r];
            if (h >= 0 && shared[r][h] > 0) {
                correct += shared[r][h];
                mapping.put(refSpeakers.get(r), hypSpeakers.get(h));
            }
        }
        return new Result(refFrames * FRAME_MS, missed * FRAME_MS, falseAlarm * FRAME_MS,
                (matchable - correct) * FRAME_MS, mapping);
    }

    private static List<String> speakers(List<SpeakerSegment> segments) {
        List<String> names = new ArrayList<>();
        for (SpeakerSegment s : segments) {
            if (!names.contains(s.speaker())) {
                names.add(s.speaker());
            }
        }
        return names;
    }

    private static boolean[][] activity(List<SpeakerSegment> segments, List<String> speakers, int frames) {
        boolean[][] active = new boolean[speakers.size()][frames];
        for (SpeakerSegment s : segments) {
            boolean[] row = active[speakers.indexOf(s.speaker())];
            for (int t = firstFrameFrom(s.startMs()); t < frames && centre(t) < s.endMs(); t++) {
                row[t] = true;
            }
        }
        return active;
    }

    /** Frames outside the collar around every boundary of every reference speaker's merged turns. */
    private static boolean[] scoredFrames(List<SpeakerSegment> reference, List<String> speakers, int frames,
            long collarMs) {
        boolean[] scored = new boolean[frames];
        Arrays.fill(scored, true);
        if (collarMs == 0) {
            return scored;
        }
        for (String speaker : speakers) {
            for (long[] turn : mergedTurns(reference, speaker)) {
                for (long boundary : turn) {
                    int t = firstFrameFrom(boundary - collarMs);
                    for (; t < frames && centre(t) < boundary + collarMs; t++) {
                        scored[t] = false;
                    }
                }
            }
        }
        return scored;
    }

    /** One speaker's segments with overlapping or touching ones joined, as [start, end] pairs. */
    private static List<long[]> mergedTurns(List<SpeakerSegment> segments, String speaker) {
        List<SpeakerSegment> own = segments.stream().filter(s -> s.speaker().equals(speaker))
                .sorted(Comparator.comparingLong(SpeakerSegment::startMs)).toList();
        List<long[]> turns = new ArrayList<>();
        for (SpeakerSegment s : own) {
            long[] last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
            if (last != null && s.startMs() <= last[1]) {
                last[1] = Math.max(last[1], s.endMs());
            } else {
                turns.add(new long[]{s.startMs(), s.endMs()});
            }
        }
        return turns;
    }

    private static double centre(int frame) {
        return frame * FRAME_MS + FRAME_MS / 2.0;
    }

    /** The first frame whose centre is at or after {@code ms}. */
    private static int firstFrameFrom(long ms) {
        return (int) Math.max(0, Math.ceil((ms - FRAME_MS / 2.0) / FRAME_MS));
    }

    /**
     * For each row, the column assigned to it (or -1) so that the summed gain is largest, each
     * column used at most once: the Hungarian algorithm on the padded square cost matrix.
     */
    static int[] maximumAssignment(long[][] gain) {
        int rows = gain.length;
        int cols = rows == 0 ? 0 : gain[0].length;
        int n = Math.max(rows, cols);
        long max = 0;
        for (long[] row : gain) {
            for (long g : row) {
                max = Math.max(max, g);
            }
        }
        long[][] cost = new long[n + 1][n + 1];
        for (int i = 1; i <= n; i++) {
            for (int j = 1; j <= n; j++) {
                long g = i <= rows && j <= cols ? gain[i - 1][j - 1] : 0;
                cost[i][j] = max - g;
            }
        }
        long[] u = new long[n + 1];
        long[] v = new long[n + 1];
        int[] match = new int[n + 1];
        int[] way = new int[n + 1];
        for (int i = 1; i <= n; i++) {
            match[0] = i;
            int j0 = 0;
            long[] minv = new long[n + 1];
            Arrays.fill(minv, Long.MAX_VALUE);
            boolean[] used = new boolean[n + 1];
            do {
                used[j0] = true;
                int i0 = match[j0];
                long delta = Long.MAX_VALUE;
                int j1 = 0;
                for (int j = 1; j <= n; j++) {
                    if (!used[j]) {
                        long cur = cost[i0][j] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= n; j++) {
                    if (used[j]) {
                        u[match[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (match[j0] != 0);
            do {
                int j1 = way[j0];
                match[j0] = match[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] assignment = new int[rows];
        Arrays.fill(assignment, -1);
        for (int j = 1; j <= n; j++) {
            int i = match[j];
            if (i >= 1 && i <= rows && j <= cols) {
                assignment[i - 1] = j - 1;
            }
        }
        return assignment;
    }
}
