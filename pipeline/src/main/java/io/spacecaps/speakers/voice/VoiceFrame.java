package io.spacecaps.speakers.voice;

/**
 * One 10 ms analysis frame of a track: its log energy (for voice activity detection) and what a
 * {@link VoiceEmbedder} sums over frames to describe a voice. Frames are numbered from 0 at the
 * start of the track; frame {@code i} covers samples {@code [160 i, 160 i + 400)}.
 */
public final class VoiceFrame {

    /** Frames per second of audio. */
    public static final int RATE = 100;

    public final long index;
    /** Natural log of the frame's energy (sum of squared 16-bit samples after removing DC). */
    public final float logEnergy;
    /** The frame's feature vector (LDA-projected MFCCs for the i-vector embedder). */
    final float[] feature;
    /** UBM Gaussians the frame belongs to, with their posteriors; empty for embedders without a UBM. */
    final int[] gaussians;
    final float[] posteriors;

    VoiceFrame(long index, float logEnergy, float[] feature, int[] gaussians, float[] posteriors) {
        this.index = index;
        this.logEnergy = logEnergy;
        this.feature = feature;
        this.gaussians = gaussians;
        this.posteriors = posteriors;
    }

    /** Start of the frame's 10 ms hop on the track's timeline. */
    public long startMs() {
        return index * 1000 / RATE;
    }
}
