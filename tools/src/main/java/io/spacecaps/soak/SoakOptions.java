package io.spacecaps.soak;

/**
 * The size of a soak run.
 *
 * @param spaces       Spaces side by side
 * @param slots        speakers per Space, each with one track open at a time
 * @param eventMs      how long each Space lasts, in its own time
 * @param trackEveryMs how often each speaker opens a new track
 * @param speechMs     audio per track
 * @param abandonShare share of tracks left without an end
 */
public record SoakOptions(int spaces, int slots, long eventMs, long trackEveryMs, long speechMs, double abandonShare) {

    public SoakOptions {
        if (spaces < 1 || slots < 1) {
            throw new IllegalArgumentException("a soak needs at least one Space (--spaces) and one track each (--tracks)");
        }
        if (eventMs < 60_000) {
            throw new IllegalArgumentException("--event-minutes must be at least 1");
        }
        if (speechMs < SoakLoad.CHUNK_MS || speechMs >= trackEveryMs) {
            throw new IllegalArgumentException("--speech-ms must be at least " + SoakLoad.CHUNK_MS + " and shorter than --track-every-s");
        }
        if (abandonShare < 0 || abandonShare > 1) {
            throw new IllegalArgumentException("--abandoned takes a share between 0 and 1, not " + abandonShare);
        }
    }
}
