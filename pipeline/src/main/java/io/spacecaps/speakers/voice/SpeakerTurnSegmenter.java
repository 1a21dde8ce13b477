package io.spacecaps.speakers.voice;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Who speaks when on a mixed track, online. Audio is pushed in chunks of any size; labelled
 * speech segments come out once they are final, at most {@link Config#maxDelayMs()} after the
 * audio they cover, and are never revised.
 *
 * <p>Per 10 ms frame: {@link EnergyVoiceActivity} decides speech or not; the {@link VoiceEmbedder}
 * analyses the frame. Every {@code hopMs} a change score is computed: the cosine distance between
 * the embeddings of the speech in the {@code windowMs} before and after that point. A score that
 * passes {@code changeDistance} and is the highest within {@code peakRadiusMs} marks a speaker
 * change. A pause of {@code pauseBreakMs} also ends a segment. A new segment is labelled by the
 * {@link OnlineSpeakerClusterer} from up to {@code decisionMs} of its own speech (looking ahead
 * past the emitted audio when it can); after a pause the previous speaker is preferred while the
 * voice still matches. Every {@code verifyEveryMs} of further speech the segment is checked
 * against its voice again, which catches changes the change score missed.
 *
 * <p>Not thread-safe; one per track. Its buffers hold a few seconds of frames; the long-lived
 * knowledge (the voices) is the clusterer's, whose state can be snapshot into Flink state.
 */
public final class SpeakerTurnSegmenter {

    /**
     * Tuning, in milliseconds of audio (levels in dB). The defaults were measured on synthetic
     * Spaces, a mix of real recordings and AMI meeting excerpts (see {@code package-info}).
     */
    public record Config(int windowMs, int hopMs, int peakRadiusMs, float changeDistance, int minWindowSpeechMs,
                         int pauseBreakMs, int decisionMs, int verifyEveryMs, int emitEveryMs,
                         double vadFloorMarginDb, double vadDynamicRangeDb, double vadAbsoluteMinDb,
                         int vadBridgeMs, int vadHangoverMs, int vadPrerollMs) {

        public static final Config DEFAULT = new Config(800, 100, 400, 0.25f, 300,
                400, 2000, 2000, 300,
                8, 50, 12, 200, 100, 50);

        public Config {
            if (hopMs < 10 || hopMs % 10 != 0 || windowMs % hopMs != 0 || peakRadiusMs % hopMs != 0) {
                throw new IllegalArgumentException("windows must be whole hops of whole 10 ms frames: " + this);
            }
        }

        /**
         * Longest time from audio being pushed to its segment being emitted: the voice activity
         * look-ahead, the change score's right window and peak search, one hop, the longest piece
         * of an ongoing turn, and the analysis frame with its splicing context.
         */
        public int maxDelayMs() {
            return Math.max(vadBridgeMs, vadPrerollMs) + windowMs + peakRadiusMs + hopMs + emitEveryMs + 60;
        }

        public Config withChangeDistance(float value) {
            return new Config(windowMs, hopMs, peakRadiusMs, value, minWindowSpeechMs, pauseBreakMs, decisionMs,
                    verifyEveryMs, emitEveryMs, vadFloorMarginDb, vadDynamicRangeDb, vadAbsoluteMinDb,
                    vadBridgeMs, vadHangoverMs, vadPrerollMs);
        }
    }

    private static final int FRAME_MS = 1000 / VoiceFrame.RATE;
    /** Frames kept: far more than the look-ahead, the windows and the evidence of a decision need. */
    private static final int CAPACITY = 2048;
    private static final int SLICE_SAMPLES = 1600;

    private final VoiceEmbedder embedder;
    private final OnlineSpeakerClusterer clusterer;
    private final Config config;
    private final VoiceEmbedder.Analyzer analyzer;
    private final EnergyVoiceActivity vad;

    private final int window;
    private final int hop;
    private final int peakRadius;
    private final int minWindowSpeech;
    private final int pauseBreak;
    private final int decisionFrames;
    private final int verifyFrames;
    private final int emitEvery;

    /** Frames and speech flags by frame index mod CAPACITY. */
    private final VoiceFrame[] frames = new VoiceFrame[CAPACITY];
    private final boolean[] speech = new boolean[CAPACITY];
    /** Loud frames: the speech frames that describe the voice (not bridged pauses or fades). */
    private final boolean[] voiced = new boolean[CAPACITY];
    /** The label each emitted speech frame was given. */
    private final int[] labels = new int[CAPACITY];
    private long received;
    private long speechFinalUntil;

    /** Change scores by grid point (frame / hop) mod their ring's size; NaN when not computed. */
    private final float[] scores;
    private long nextScoreGrid;
    private long nextPeakGrid;
    private final VoiceEmbedder.Accumulator left;
    private final VoiceEmbedder.Accumulator right;
    private final VoiceEmbedder.Accumulator scratch;
    private long leftStart;
    private long leftEnd;
    private long rightStart;
    private long rightEnd;
    private final ArrayDeque<Long> changes = new ArrayDeque<>();

    private long emittedUntil;
    private boolean segmentOpen;
    private int segmentLabel;
    private float segmentConfidence;
    /** Whether the segment's label is a voice it matched or founded, not a fallback to the nearest. */
    private boolean segmentSure;
    private long decidedUntil;
    private int previousLabel;
    private boolean previousEndedByPause;
    private long pauseRun;

    private long runStart = -1;
    private long runEnd;
    private int runLabel;
    private float runConfidence;
    private final List<LabelledSegment> out = new ArrayList<>();

    /** The next frame a second-pass window may be centred on; windows wait until their frames are emitted. */
    private long nextWindowCentre;
    private final List<VoiceWindow> windows = new ArrayList<>();

    public SpeakerTurnSegmenter(VoiceEmbedder embedder, OnlineSpeakerClusterer clusterer) {
        this(embedder, clusterer, Config.DEFAULT);
    }

    public SpeakerTurnSegmenter(VoiceEmbedder embedder, OnlineSpeakerClusterer clusterer, Config config) {
        this.embedder = embedder;
        this.clusterer = clusterer;
        this.config = config;
        this.analyzer = embedder.newAnalyzer();
        this.vad = new EnergyVoiceActivity(config.vadFloorMarginDb(), config.vadDynamicRangeDb(),
                config.vadAbsoluteMinDb(), config.vadBridgeMs() / FRAME_MS, config.vadHangoverMs() / FRAME_MS,
                config.vadPrerollMs() / FRAME_MS);
        this.window = config.windowMs() / FRAME_MS;
        this.hop = config.hopMs() / FRAME_MS;
        this.peakRadius = config.peakRadiusMs() / config.hopMs();
        this.minWindowSpeech = config.minWindowSpeechMs() / FRAME_MS;
        this.pauseBreak = config.pauseBreakMs() / FRAME_MS;
        this.decisionFrames = config.decisionMs() / FRAME_MS;
        this.verifyFrames = config.verifyEveryMs() / FRAME_MS;
        this.emitEvery = config.emitEveryMs() / FRAME_MS;
        this.scores = new float[4 * peakRadius + window / hop + 8];
        java.util.Arrays.fill(scores, Float.NaN);
        this.left = embedder.newAccumulator();
        this.right = embedder.newAccumulator();
        this.scratch = embedder.newAccumulator();
    }

    public OnlineSpeakerClusterer clusterer() {
        return clusterer;
    }

    /** Everything before this time on the track's timeline has been emitted. */
    public long finalUntilMs() {
        return emittedUntil * FRAME_MS;
    }

    public List<LabelledSegment> push(short[] samples) {
        return push(samples, 0, samples.length);
    }

    /** Takes the next 16 kHz mono samples of the track; returns the segments that became final. */
    public List<LabelledSegment> push(short[] samples, int offset, int length) {
        // A long chunk is taken a slice at a time, so the frame buffers stay a few seconds long.
        List<VoiceFrame> analysed = new ArrayList<>();
        for (int from = offset; from < offset + length; from += SLICE_SAMPLES) {
            analysed.clear();
            analyzer.push(samples, from, Math.min(SLICE_SAMPLES, offset + length - from), analysed);
            for (VoiceFrame frame : analysed) {
                accept(frame);
            }
            advance(false);
        }
        return drain();
    }

    /** The track has ended: emits everything still held back. */
    public List<LabelledSegment> finish() {
        List<VoiceFrame> analysed = new ArrayList<>();
        analyzer.finish(analysed);
        for (VoiceFrame frame : analysed) {
            accept(frame);
        }
        for (int decision : vad.finish()) {
            store(decision);
        }
        advance(true);
        closeRun();
        return drain();
    }

    private void accept(VoiceFrame frame) {
        frames[ring(frame.index)] = frame;
        received = frame.index + 1;
        int decision = vad.accept(frame.logEnergy);
        if (decision >= 0) {
            store(decision);
        }
    }

    private void store(int decision) {
        int slot = ring(speechFinalUntil++);
        speech[slot] = (decision & EnergyVoiceActivity.SPEECH) != 0;
        voiced[slot] = speech[slot] && (decision & EnergyVoiceActivity.LOUD) != 0;
    }

    /** Computes the change scores, peaks and segments that the frames so far allow. */
    private void advance(boolean ended) {
        while (nextScoreGrid * hop + (ended ? 0 : window) <= speechFinalUntil
                && nextScoreGrid * hop < speechFinalUntil) {
            score(nextScoreGrid++);
        }
        while (nextPeakGrid < nextScoreGrid && (ended || nextPeakGrid + peakRadius < nextScoreGrid)) {
            if (isPeak(nextPeakGrid)) {
                changes.addLast(nextPeakGrid * hop);
            }
            nextPeakGrid++;
        }
        long finalUntil = ended ? speechFinalUntil : Math.min(speechFinalUntil, nextPeakGrid * hop);
        segment(finalUntil);
        collectWindows(ended);
        if (runStart >= 0 && emittedUntil - runStart >= emitEvery) {
            // Long speech is emitted in pieces, so captions need not wait for its end.
            emit(runStart, emittedUntil, runLabel, runConfidence);
            runStart = emittedUntil;
        }
    }

    private void score(long grid) {
        long tau = grid * hop;
        slide(left, tau - window, tau, true);
        slide(right, tau, Math.min(tau + window, speechFinalUntil), false);
        float distance = 0;
        if (left.frames() >= minWindowSpeech && right.frames() >= minWindowSpeech) {
            distance = 1 - VoiceEmbedder.similarity(left.embedding(), right.embedding());
        }
        scores[scoreRing(grid)] = distance;
    }

    /** Moves a window accumulator forward to cover the speech frames of [start, end). */
    private void slide(VoiceEmbedder.Accumulator acc, long start, long end, boolean isLeft) {
        long oldStart = isLeft ? leftStart : rightStart;
        long oldEnd = isLeft ? leftEnd : rightEnd;
        if (start >= oldEnd) {
            acc.clear();
            oldStart = start;
            oldEnd = start;
        }
        for (long f = oldStart; f < start; f++) {
            if (isVoiced(f)) {
                acc.remove(frame(f));
            }
        }
        for (long f = Math.max(oldEnd, start); f < end; f++) {
            if (isVoiced(f)) {
                acc.add(frame(f));
            }
        }
        if (isLeft) {
            leftStart = start;
            leftEnd = end;
        } else {
            rightStart = start;
            rightEnd = end;
        }
    }

    private boolean isPeak(long grid) {
        float s = scores[scoreRing(grid)];
        if (!(s >= config.changeDistance())) {
            return false;
        }
        for (long g = Math.max(0, grid - peakRadius); g <= grid + peakRadius && g < nextScoreGrid; g++) {
            float other = scores[scoreRing(g)];
            if (g < grid ? other >= s : g > grid && other > s) {
                return false;
            }
        }
        return true;
    }

    /** Assigns and emits the frames in [emittedUntil, finalUntil). */
    private void segment(long finalUntil) {
        for (long f = emittedUntil; f < finalUntil; f++) {
            boolean change = !changes.isEmpty() && changes.peekFirst() == f;
            while (!changes.isEmpty() && changes.peekFirst() <= f) {
                changes.pollFirst();
            }
            if (change && segmentOpen) {
                closeSegment(false);
            }
            if (!isSpeech(f)) {
                pauseRun++;
                closeRun();
                if (segmentOpen && pauseRun >= pauseBreak) {
                    closeSegment(true);
                }
                continue;
            }
            pauseRun = 0;
            if (!segmentOpen) {
                openSegment(f);
            } else {
                verify(f);
            }
            labels[ring(f)] = segmentLabel;
            if (runStart >= 0 && runLabel == segmentLabel && runEnd == f) {
                runEnd = f + 1;
            } else {
                closeRun();
                runStart = f;
                runEnd = f + 1;
                runLabel = segmentLabel;
                runConfidence = segmentConfidence;
            }
        }
        emittedUntil = Math.max(emittedUntil, finalUntil);
    }

    /**
     * The second pass's view of the speech emitted so far: every {@link RecordingDiarizer#HOP_MS} of
     * speech, the embedding of the voiced frames around it, with the label the frame was given.
     */
    private void collectWindows(boolean ended) {
        int half = RecordingDiarizer.WINDOW_MS / FRAME_MS / 2;
        int step = RecordingDiarizer.HOP_MS / FRAME_MS;
        int minVoiced = RecordingDiarizer.MIN_VOICED_MS / FRAME_MS;
        while (nextWindowCentre < emittedUntil && (ended || nextWindowCentre + half <= emittedUntil)) {
            long centre = nextWindowCentre;
            nextWindowCentre += step;
            if (!isSpeech(centre)) {
                continue;
            }
            scratch.clear();
            for (long f = Math.max(0, centre - half); f < Math.min(emittedUntil, centre + half); f++) {
                if (isVoiced(f) && frame(f) != null) {
                    scratch.add(frame(f));
                }
            }
            if (scratch.frames() >= minVoiced) {
                windows.add(new VoiceWindow(centre * FRAME_MS, labels[ring(centre)], scratch.embedding()));
            }
        }
    }

    /** The second-pass windows completed since the last call. */
    public List<VoiceWindow> drainWindows() {
        List<VoiceWindow> result = List.copyOf(windows);
        windows.clear();
        return result;
    }

    private void openSegment(long f) {
        segmentOpen = true;
        int preferred = previousEndedByPause ? previousLabel : 0;
        long limit = evidenceLimit(f, decisionFrames);
        OnlineSpeakerClusterer.Assignment a =
                clusterer.assign(embed(f, limit), f * FRAME_MS, limit * FRAME_MS, preferred);
        segmentLabel = a.label();
        segmentConfidence = a.confidence();
        segmentSure = a.decision() != OnlineSpeakerClusterer.Decision.NEAREST;
        decidedUntil = limit;
    }

    /**
     * Re-checks a long segment's voice once emission has caught up with the evidence of the last
     * decision, from the speech ahead of {@code f}.
     */
    private void verify(long f) {
        if (f < decidedUntil || countVoiced(f, speechFinalUntil) < verifyFrames / 2) {
            return;
        }
        long limit = evidenceLimit(f, verifyFrames);
        float[] embedding = embed(f, limit);
        // A turn whose label was only the nearest voice has not earned the looser test of continuing.
        OnlineSpeakerClusterer.Assignment a = segmentSure
                ? clusterer.continueTurn(embedding, f * FRAME_MS, limit * FRAME_MS, segmentLabel)
                : clusterer.assign(embedding, f * FRAME_MS, limit * FRAME_MS, segmentLabel);
        decidedUntil = limit;
        segmentLabel = a.label();
        segmentConfidence = a.confidence();
        segmentSure = a.decision() != OnlineSpeakerClusterer.Decision.NEAREST;
    }

    /**
     * Where the evidence for a decision from {@code from} should stop: after {@code frames} voiced
     * frames, at a pause that will end the segment, at a likely change beyond the one that may have
     * opened the segment (which scores high for a while after it), or at the newest frame with a
     * speech decision.
     */
    private long evidenceLimit(long from, int frames) {
        long voicedFrames = 0;
        long pause = 0;
        long f = from;
        long ignoreChangesUntil = from + (long) peakRadius * hop;
        for (; f < speechFinalUntil && voicedFrames < frames; f++) {
            if (f > ignoreChangesUntil && f % hop == 0 && isLikelyChange(f / hop)) {
                break;
            }
            if (isSpeech(f)) {
                voicedFrames += isVoiced(f) ? 1 : 0;
                pause = 0;
            } else if (++pause >= pauseBreak) {
                f -= pause - 1;
                break;
            }
        }
        return Math.max(f, from + 1);
    }

    /** A change score above the threshold, among those computed so far. */
    private boolean isLikelyChange(long grid) {
        return grid < nextScoreGrid && grid > nextScoreGrid - scores.length
                && scores[scoreRing(grid)] >= config.changeDistance();
    }

    private float[] embed(long from, long to) {
        scratch.clear();
        for (long f = from; f < to; f++) {
            if (isVoiced(f) && frame(f) != null) {
                scratch.add(frame(f));
            }
        }
        return scratch.embedding();
    }

    private long countVoiced(long from, long to) {
        long n = 0;
        for (long f = from; f < to; f++) {
            if (isVoiced(f)) {
                n++;
            }
        }
        return n;
    }

    private void closeSegment(boolean byPause) {
        segmentOpen = false;
        previousLabel = segmentLabel;
        previousEndedByPause = byPause;
    }

    private void closeRun() {
        if (runStart >= 0) {
            emit(runStart, runEnd, runLabel, runConfidence);
            runStart = -1;
        }
    }

    private void emit(long from, long to, int label, float confidence) {
        if (to > from) {
            LabelledSegment s = new LabelledSegment(from * FRAME_MS, to * FRAME_MS, label, confidence);
            out.add(s);
        }
    }

    private List<LabelledSegment> drain() {
        List<LabelledSegment> result = List.copyOf(out);
        out.clear();
        return result;
    }

    private boolean isSpeech(long f) {
        return f >= 0 && f < speechFinalUntil && f >= speechFinalUntil - CAPACITY && speech[ring(f)];
    }

    private boolean isVoiced(long f) {
        return isSpeech(f) && voiced[ring(f)];
    }

    private VoiceFrame frame(long f) {
        VoiceFrame frame = f >= 0 && f < received ? frames[ring(f)] : null;
        return frame != null && frame.index == f ? frame : null;
    }

    private static int ring(long f) {
        return (int) (f % CAPACITY);
    }

    private int scoreRing(long grid) {
        return (int) (grid % scores.length);
    }
}
