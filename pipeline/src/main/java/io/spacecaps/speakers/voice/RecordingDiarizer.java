package io.spacecaps.speakers.voice;

import io.spacecaps.schema.Word;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The second pass: who spoke when, decided again once a mixed track has been heard to its end.
 *
 * <p>The live diarizer must label each moment from what came before it, and never change a label;
 * here every window of the recording is at hand. Starting from the live labels, each voice is
 * described by the mean of all its windows, voices that turn out to be one are merged (centroids
 * closer than {@link #MERGE_ABOVE}), and every window goes to the voice it is nearest, until
 * nothing moves: a k-means over the whole recording seeded by what was shown live, so its voices
 * keep their live numbers. It mends the two errors live diarization makes by construction: a new
 * voice's first seconds, said under a known voice's label while evidence gathered, and a voice
 * split in two when it first sounded unlike itself.
 *
 * <p>Tuned (the merge threshold, the window, the least evidence of a voice) on the committed
 * synthetic Spaces and AMI training-set excerpts only; reported on other recordings (BENCHMARKS.md).
 */
public final class RecordingDiarizer {

    /** Length of a window: long enough for a steady i-vector, short enough for one voice. */
    public static final int WINDOW_MS = 1_500;
    /** Windows are centred every this many ms of speech. */
    public static final int HOP_MS = 250;
    /** A window with less voiced speech than this describes nobody and is left out. */
    public static final int MIN_VOICED_MS = 400;
    /** Voices whose centroids are more alike than this are one voice. */
    static final float MERGE_ABOVE = 0.80f;
    /** A voice with fewer windows (2 s of speech) draws none to itself: it may only lose them. */
    static final int MIN_WINDOWS = 8;
    static final int MAX_ROUNDS = 20;
    /** A word further than this from every window keeps its live label. */
    static final long NEAREST_WITHIN_MS = 1_000;

    private final long[] centres;
    private final int[] labels;

    private RecordingDiarizer(long[] centres, int[] labels) {
        this.centres = centres;
        this.labels = labels;
    }

    /** Decides the labels of every window again, from all of them; windows in time order. */
    public static RecordingDiarizer of(List<VoiceWindow> windows) {
        int n = windows.size();
        long[] centres = new long[n];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            centres[i] = windows.get(i).centreMs;
            labels[i] = windows.get(i).label;
        }
        if (n > 0) {
            refine(windows, labels);
        }
        return new RecordingDiarizer(centres, labels);
    }

    /** The windows' labels after the second pass, in the windows' order. */
    int[] labels() {
        return labels.clone();
    }

    /** The voices of a round: their labels in order, the unit mean of each one's windows, and how many. */
    private record Voices(List<Integer> labels, double[][] centroids, int[] windows) {
    }

    /** Rounds of merging the most alike voices, then of giving each window to its nearest voice, until nothing moves. */
    private static void refine(List<VoiceWindow> windows, int[] labels) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Voices voices = voicesOf(windows, labels);
            // One merge a round: a merge moves the centroids.
            if (!mergeMostAlike(voices, labels) && !reassign(voices, windows, labels)) {
                return;
            }
        }
    }

    private static Voices voicesOf(List<VoiceWindow> windows, int[] labels) {
        int dim = windows.get(0).embedding.length;
        Map<Integer, double[]> sums = new TreeMap<>();
        Map<Integer, Integer> counts = new HashMap<>();
        for (int i = 0; i < labels.length; i++) {
            double[] sum = sums.computeIfAbsent(labels[i], l -> new double[dim]);
            float[] e = windows.get(i).embedding;
            for (int d = 0; d < dim; d++) {
                sum[d] += e[d];
            }
            counts.merge(labels[i], 1, Integer::sum);
        }
        List<Integer> voices = new ArrayList<>(sums.keySet());
        double[][] centroids = new double[voices.size()][];
        int[] sizes = new int[voices.size()];
        for (int v = 0; v < voices.size(); v++) {
            centroids[v] = unit(sums.get(voices.get(v)));
            sizes[v] = counts.get(voices.get(v));
        }
        return new Voices(voices, centroids, sizes);
    }

    /** Merges the two most alike voices into the lower-numbered one if they are alike enough; returns whether it did. */
    private static boolean mergeMostAlike(Voices voices, int[] labels) {
        double closest = -2;
        int keep = -1;
        int drop = -1;
        for (int a = 0; a < voices.labels().size(); a++) {
            for (int b = a + 1; b < voices.labels().size(); b++) {
                double s = dot(voices.centroids()[a], voices.centroids()[b]);
                if (s > closest) {
                    closest = s;
                    keep = a;
                    drop = b;
                }
            }
        }
        if (keep < 0 || closest <= MERGE_ABOVE) {
            return false;
        }
        int into = voices.labels().get(keep);
        int from = voices.labels().get(drop);
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == from) {
                labels[i] = into;
            }
        }
        return true;
    }

    /** Gives each window to its nearest voice of at least {@link #MIN_WINDOWS}; returns whether any moved. */
    private static boolean reassign(Voices voices, List<VoiceWindow> windows, int[] labels) {
        boolean moved = false;
        for (int i = 0; i < labels.length; i++) {
            float[] e = windows.get(i).embedding;
            double best = Double.NEGATIVE_INFINITY;
            int bestLabel = labels[i];
            for (int v = 0; v < voices.labels().size(); v++) {
                if (voices.windows()[v] < MIN_WINDOWS) {
                    continue;
                }
                double s = dot(voices.centroids()[v], e);
                if (s > best) {
                    best = s;
                    bestLabel = voices.labels().get(v);
                }
            }
            if (bestLabel != labels[i]) {
                labels[i] = bestLabel;
                moved = true;
            }
        }
        return moved;
    }

    /**
     * The label most of the words' time has after the second pass, weighed by each word's length;
     * null when no word is near a window (the live label stands). Words on the windows' timeline.
     */
    public Vote labelOf(List<Word> words, long offsetMs) {
        Map<Integer, Long> weight = new HashMap<>();
        long total = 0;
        for (Word w : words) {
            long length = Math.max(1, w.getEndMs() - w.getStartMs());
            Integer label = labelAt(offsetMs + (w.getStartMs() + w.getEndMs()) / 2);
            if (label != null) {
                weight.merge(label, length, Long::sum);
                total += length;
            }
        }
        if (total == 0) {
            return null;
        }
        Map.Entry<Integer, Long> top = weight.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        return new Vote(top.getKey(), (float) top.getValue() / total);
    }

    /** A label and the share of the words' time that had it. */
    public record Vote(int label, float share) {
    }

    /** The label of the window nearest {@code ms}, if one is within {@link #NEAREST_WITHIN_MS}. */
    Integer labelAt(long ms) {
        int at = Arrays.binarySearch(centres, ms);
        if (at >= 0) {
            return labels[at];
        }
        int after = -at - 1;
        int nearest = -1;
        long distance = Long.MAX_VALUE;
        for (int i : new int[]{after - 1, after}) {
            if (i >= 0 && i < centres.length && Math.abs(centres[i] - ms) < distance) {
                distance = Math.abs(centres[i] - ms);
                nearest = i;
            }
        }
        return nearest >= 0 && distance <= NEAREST_WITHIN_MS ? labels[nearest] : null;
    }

    private static double[] unit(double[] v) {
        double norm = Math.sqrt(dot(v, v));
        if (norm > 0) {
            for (int d = 0; d < v.length; d++) {
                v[d] /= norm;
            }
        }
        return v;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += a[d] * b[d];
        }
        return s;
    }

    private static double dot(double[] a, float[] b) {
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += a[d] * b[d];
        }
        return s;
    }
}
