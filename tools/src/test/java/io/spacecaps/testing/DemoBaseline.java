package io.spacecaps.testing;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.embedded.EmbeddedPipeline;
import io.spacecaps.schema.TranscriptEvent;

import java.time.Duration;
import java.util.List;

/**
 * The transcript of record that the failure tests compare with: the finals of the demo Space's first
 * {@value #SECONDS} s through a fresh embedded pipeline (broker, MiniCluster, Vosk) with no failure,
 * published as fast as the broker takes it. Worked out once per test JVM: every failure test holds
 * its run against the same one, the standalone cluster's included, so they also prove that where the
 * job runs does not change what it writes.
 */
public final class DemoBaseline {

    public static final int SECONDS = 70;
    public static final String SPACE = "demo-bbc-interview";

    private static List<TranscriptEvent> finals;

    private DemoBaseline() {
    }

    /** The configuration of the embedded failure runs: two subtasks, so that tracks share the work. */
    public static SpacecapsConfig config() {
        return SpacecapsConfig.fromArgs(new String[]{"--model.en", TestData.englishModel(), "--parallelism", "2",
                "--checkpoint-interval-ms", "500"});
    }

    public static synchronized List<TranscriptEvent> finals() throws Exception {
        if (finals == null) {
            DemoSpace demo = DemoSpace.firstSeconds(SECONDS);
            try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(config(), true, s -> { }, null)) {
                finals = List.copyOf(ReplayedFinals.collect(pipeline.bootstrapServers(), demo.manifest(), demo.audio(), SPACE, 0,
                        progress -> { }, Duration.ofSeconds(180)));
            }
        }
        return finals;
    }
}
