package io.spacecaps.speakers.voice;

import java.util.ArrayDeque;

/**
 * Energy-based voice activity detection on 10 ms frames, with a fixed look-ahead.
 *
 * <p>A frame is loud enough when its mean-square level exceeds the highest of: the noise floor
 * (lowest level of the last {@value #TRACK_FRAMES} frames) plus a margin, the loudest level of
 * those frames minus a dynamic range, and an absolute minimum. Digital silence between synthetic
 * turns and the hum of a meeting room both set the floor; a quiet talker is measured against the
 * loudest recent speech, not against a fixed level. Loud frames are then smoothed: gaps of up to
 * {@code bridgeFrames} between loud frames are filled, and speech is extended
 * {@code hangoverFrames} after and {@code prerollFrames} before loud frames, since word onsets and
 * decays are quieter than vowels. A frame's decision is final {@link #lookahead()} frames later.
 */
final class EnergyVoiceActivity {

    static final int TRACK_FRAMES = 500;
    private static final double DB_PER_NEPER = 10 / Math.log(10);
    private static final double LOG_FRAME_LENGTH = Math.log(Mfcc.FRAME_LENGTH);

    private final double floorMarginDb;
    private final double dynamicRangeDb;
    private final double absoluteMinDb;
    private final int bridgeFrames;
    private final int hangoverFrames;
    private final int prerollFrames;

    /** Monotonic deques of (frame, level) for the running minimum and maximum. */
    private final ArrayDeque<double[]> minimum = new ArrayDeque<>();
    private final ArrayDeque<double[]> maximum = new ArrayDeque<>();
    /** Loud-frame flags of recent frames, by frame index mod the ring size. */
    private final boolean[] loud;
    private long frames;

    EnergyVoiceActivity(double floorMarginDb, double dynamicRangeDb, double absoluteMinDb,
            int bridgeFrames, int hangoverFrames, int prerollFrames) {
        this.floorMarginDb = floorMarginDb;
        this.dynamicRangeDb = dynamicRangeDb;
        this.absoluteMinDb = absoluteMinDb;
        this.bridgeFrames = bridgeFrames;
        this.hangoverFrames = hangoverFrames;
        this.prerollFrames = prerollFrames;
        this.loud = new boolean[2 * (bridgeFrames + hangoverFrames + prerollFrames) + 8];
    }

    /** Frames between a frame's arrival and its final decision. */
    int lookahead() {
        return Math.max(bridgeFrames, prerollFrames);
    }

    /** Mean-square level of a frame in dB relative to one 16-bit step, never below 0. */
    static double levelDb(float logEnergy) {
        return Math.max(0, DB_PER_NEPER * (logEnergy - LOG_FRAME_LENGTH));
    }

    /** Bit of a decision: the frame is speech (including bridged gaps, onsets and decays). */
    static final int SPEECH = 1;
    /** Bit of a decision: the frame itself is loud enough to be speech, so it can describe the voice. */
    static final int LOUD = 2;

    /**
     * Takes the next frame's log energy. Returns the decision for frame {@code frames - 1 -
     * lookahead()}, a combination of {@link #SPEECH} and {@link #LOUD}, or -1 while no frame is
     * final yet.
     */
    int accept(float logEnergy) {
        long t = frames++;
        double level = levelDb(logEnergy);
        while (!minimum.isEmpty() && minimum.peekLast()[1] >= level) {
            minimum.pollLast();
        }
        minimum.addLast(new double[]{t, level});
        while (!maximum.isEmpty() && maximum.peekLast()[1] <= level) {
            maximum.pollLast();
        }
        maximum.addLast(new double[]{t, level});
        while (minimum.peekFirst()[0] <= t - TRACK_FRAMES) {
            minimum.pollFirst();
        }
        while (maximum.peekFirst()[0] <= t - TRACK_FRAMES) {
            maximum.pollFirst();
        }
        double threshold = Math.max(absoluteMinDb, Math.max(minimum.peekFirst()[1] + floorMarginDb,
                maximum.peekFirst()[1] - dynamicRangeDb));
        boolean isLoud = level > threshold;
        loud[ring(t)] = isLoud;
        long u = t - lookahead();
        return u < 0 ? -1 : decision(u, t);
    }

    private int decision(long u, long latest) {
        return (decide(u, latest) ? SPEECH : 0) | (loud[ring(u)] ? LOUD : 0);
    }

    /** The decision for frame {@code u}, looking at loud flags up to frame {@code latest}. */
    private boolean decide(long u, long latest) {
        long loudBefore = Long.MIN_VALUE / 2;
        for (long k = u; k >= Math.max(0, u - Math.max(bridgeFrames, hangoverFrames)); k--) {
            if (loud[ring(k)]) {
                loudBefore = k;
                break;
            }
        }
        long loudAfter = Long.MAX_VALUE / 2;
        for (long k = u; k <= Math.min(latest, u + Math.max(bridgeFrames, prerollFrames)); k++) {
            if (loud[ring(k)]) {
                loudAfter = k;
                break;
            }
        }
        boolean bridged = loudAfter - loudBefore - 1 <= bridgeFrames;
        return bridged || u - loudBefore <= hangoverFrames || loudAfter - u <= prerollFrames;
    }

    /** Decisions for the frames still within the look-ahead, once the track has ended. */
    int[] finish() {
        long latest = frames - 1;
        int pending = (int) Math.min(frames, lookahead());
        int[] out = new int[pending];
        for (int i = 0; i < pending; i++) {
            out[i] = decision(frames - pending + i, latest);
        }
        return out;
    }

    private int ring(long frame) {
        return (int) (frame % loud.length);
    }
}
