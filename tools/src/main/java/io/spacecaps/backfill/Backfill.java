package io.spacecaps.backfill;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.embedded.EmbeddedPipeline;
import io.spacecaps.job.SpacecapsJob;
import io.spacecaps.kafka.RetainedRange;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.schema.SpaceStats;
import io.spacecaps.schema.TranscriptEvent;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * The Spacecaps job, unchanged, in Flink's BATCH execution mode over a bounded range of what Kafka
 * retains ({@link RetainedRange}), in a local MiniCluster: to re-transcribe retained audio, with
 * another model for instance. Returns the finals once the whole range has been recognised; where they
 * go (a topic, files) is the caller's choice, so that a run that fails writes nothing.
 *
 * <p>Only finals and dead letters are kept. Partials are what a live viewer sees while someone
 * speaks, and nobody watches a backfill; statistics are made on the room's cadence of event time, which
 * in BATCH mode jumps from the start to the end of the input (one record per Space, no cadence), so
 * they are not written either.
 */
public final class Backfill {

    /** What a run recognised: the finals of every Space in the range, and the records it could not use. */
    public record Result(List<TranscriptEvent> finals, List<DeadLetter> deadLetters) {
    }

    private Backfill() {
    }

    /**
     * Runs the job over {@code range} and waits for it.
     *
     * @param flinkSettings Flink settings laid over deploy/flink/config.yaml ({@code -D} on the command line)
     * @param elapsed       told the seconds run so far, about every second, while the job runs
     */
    public static Result run(SpacecapsConfig config, RetainedRange range, Map<String, String> flinkSettings,
                             LongConsumer elapsed) throws Exception {
        // BATCH mode takes no checkpoints; the sinks here keep what they get until the end anyway.
        SpacecapsConfig batch = config.with(SpacecapsConfig.CHECKPOINT_INTERVAL_MS, "0");
        InMemorySink<TranscriptEvent> finals = new InMemorySink<>();
        InMemorySink<DeadLetter> deadLetters = new InMemorySink<>();
        try {
            StreamExecutionEnvironment env = new StreamExecutionEnvironment(flinkConfiguration(batch, flinkSettings));
            SpacecapsJob.configure(env, batch);
            SpacecapsJob.defineWorkflow(env, batch,
                    new SpacecapsJob.Sources(range.audioSource(batch), range.eventSource(batch)),
                    new SpacecapsJob.Sinks(new DiscardingSink<>(), finals, deadLetters, Backfill.<SpaceStats>discard()));
            JobClient job = env.executeAsync("spacecaps-backfill");
            long started = System.nanoTime();
            var result = job.getJobExecutionResult();
            while (!result.isDone()) {
                try {
                    result.get(1, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException stillRunning) {
                    elapsed.accept((System.nanoTime() - started) / 1_000_000_000L);
                }
            }
            result.get();
            List<TranscriptEvent> kept = finals.kept();
            kept.sort(Comparator.comparing(TranscriptEvent::getSpaceId).thenComparingLong(TranscriptEvent::getStartMs)
                    .thenComparing(TranscriptEvent::getUtteranceId));
            return new Result(kept, deadLetters.kept());
        } finally {
            finals.release();
            deadLetters.release();
        }
    }

    private static <T> Sink<T> discard() {
        return new DiscardingSink<>();
    }

    /** The shared settings, BATCH mode, a local MiniCluster on loopback, and no restarts unless {@code -D} asks for them. */
    static Configuration flinkConfiguration(SpacecapsConfig config, Map<String, String> flinkSettings) throws Exception {
        Configuration flink = EmbeddedPipeline.sharedFlinkSettings();
        // A backfill that fails fails as a whole and writes nothing: retrying a deterministic failure
        // (a broken model, say) thirty times only delays the message.
        flink.setString("restart-strategy.type", "none");
        flink.set(RestOptions.BIND_PORT, "0");
        flink.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        flink.set(RestOptions.ADDRESS, "127.0.0.1");
        flink.addAll(Configuration.fromMap(flinkSettings));
        flink.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        flink.set(DeploymentOptions.TARGET, "local");
        flink.set(DeploymentOptions.ATTACHED, true);
        flink.set(CoreOptions.DEFAULT_PARALLELISM, config.parallelism());
        return flink;
    }
}
