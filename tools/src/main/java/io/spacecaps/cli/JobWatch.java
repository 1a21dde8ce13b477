package io.spacecaps.cli;

import io.spacecaps.embedded.EmbeddedPipeline;

/**
 * Asks the local job, every few seconds while a command waits for it, whether it is still running,
 * so that a job that failed is reported with its cause at once rather than after a silent timeout.
 */
final class JobWatch {

    private static final long EVERY_NANOS = 2_000_000_000L;
    private final EmbeddedPipeline pipeline;
    private long lastCheck = System.nanoTime();

    JobWatch(EmbeddedPipeline pipeline) {
        this.pipeline = pipeline;
    }

    /** @throws IllegalStateException with the job's failure when it has stopped */
    void check() {
        if (System.nanoTime() - lastCheck < EVERY_NANOS) {
            return;
        }
        lastCheck = System.nanoTime();
        try {
            pipeline.checkRunning();
        } catch (IllegalStateException stopped) {
            throw stopped;
        } catch (Exception unknown) {
            // No answer this time (the MiniCluster is busy); asked again in a moment.
        }
    }
}
