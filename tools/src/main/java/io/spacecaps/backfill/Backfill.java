package io.spacecaps.backfill;

import io.spacecaps.asr.ModelRegistry;
import io.spacecaps.asr.TrackRecognizer;
import io.spacecaps.asr.VoskModels;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.embedded.EmbeddedPipeline;
import io.spacecaps.embedded.FlinkRest;
import io.spacecaps.format.CaptionFormatter;
import io.spacecaps.job.SpacecapsJob;
import io.spacecaps.kafka.RetainedRange;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.schema.SpaceStats;
import io.spacecaps.schema.TranscriptEvent;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.configuration.BatchExecutionOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.client.JobExecutionException;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

import java.io.IOException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * The Spacecaps job, unchanged, in Flink's BATCH execution mode over bounded input in a local
 * MiniCluster: a range of what Kafka retains ({@link RetainedRange}), to re-transcribe retained audio
 * with another model for instance, or a recording's records held in this JVM ({@code transcribe}).
 * Returns the finals once the whole input has been recognised; where they go (a topic, files, the
 * terminal) is the caller's choice, so that a run that fails writes nothing.
 *
 * <p>Only finals and dead letters are kept. Partials are what a live viewer sees while someone
 * speaks, and nobody watches a backfill; statistics are made on the room's cadence of event time, which
 * in BATCH mode jumps from the start to the end of the input (one record per Space, no cadence), so
 * they are not written either.
 */
public final class Backfill {

    /** What a run recognised: the finals of every Space in the input, and the records it could not use. */
    public record Result(List<TranscriptEvent> finals, List<DeadLetter> deadLetters) {
        /** How many records were refused for each reason, by reason. */
        public Map<String, Long> deadLetterReasons() {
            return deadLetters.stream().collect(Collectors.groupingBy(d -> String.valueOf(d.getReason()), TreeMap::new,
                    Collectors.counting()));
        }
    }

    /**
     * How far a run has got: seconds since it started, and the audio handed to Vosk so far in ms summed
     * over tracks (empty until the recognisers report it; Flink's metrics are about a second late).
     */
    public record Progress(long elapsedSeconds, OptionalLong audioRecognisedMs) {
    }

    private Backfill() {
    }

    /**
     * A local MiniCluster for one run, starting from the moment it is asked for, on a thread of its
     * own: it comes up (a second or two) while the command gets its input ready. Its tasks share this
     * JVM, so what they load once per JVM on first use (the Vosk model, the caption formatter's
     * dictionaries: about a second each) is loaded meanwhile too. Closing it stops it.
     */
    public static final class LocalCluster implements AutoCloseable {
        private final SpacecapsConfig config;
        private final Configuration flink;
        private final CompletableFuture<MiniCluster> started = new CompletableFuture<>();
        private final AutoCloseable model;

        private LocalCluster(SpacecapsConfig config, Configuration flink, String language) {
            // BATCH mode takes no checkpoints; the sinks keep what they get until the end anyway.
            this.config = config.with(SpacecapsConfig.CHECKPOINT_INTERVAL_MS, "0");
            this.flink = flink;
            model = new ModelRegistry(config.modelDirs(), config.defaultLanguage()).directoryFor(language)
                    .map(VoskModels::preload).orElse(() -> { });
            Thread formatter = new Thread(CaptionFormatter::shared, "load the caption formatter");
            formatter.setDaemon(true);
            formatter.start();
            Thread starter = new Thread(() -> {
                MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                        .setConfiguration(flink)
                        .setNumTaskManagers(1)
                        .setNumSlotsPerTaskManager(flink.get(TaskManagerOptions.NUM_TASK_SLOTS))
                        .build());
                try {
                    cluster.start();
                    started.complete(cluster);
                } catch (Exception | Error e) {
                    cluster.closeAsync();
                    started.completeExceptionally(e);
                }
            }, "start the local Flink cluster");
            starter.setDaemon(true);
            starter.start();
        }

        /**
         * Starts a cluster for the job with {@code config}: BATCH mode, the shared settings, on
         * loopback, no restarts unless {@code flinkSettings} ({@code -D}) ask for them; and loads the
         * model of {@code language}.
         */
        public static LocalCluster start(SpacecapsConfig config, Map<String, String> flinkSettings, String language)
                throws Exception {
            return new LocalCluster(config, flinkConfiguration(config, flinkSettings), language);
        }

        private MiniCluster cluster() throws Exception {
            try {
                return started.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof Exception cause ? cause : e;
            }
        }

        @Override
        public void close() throws Exception {
            try {
                cluster().closeAsync().get(30, TimeUnit.SECONDS);
            } catch (Exception failedToStart) {
                // Nothing runs that would need stopping.
            } finally {
                model.close();
            }
        }
    }

    /**
     * Runs the job over {@code range} in a cluster of its own and waits for it.
     *
     * @param flinkSettings Flink settings laid over deploy/flink/config.yaml ({@code -D} on the command line)
     * @param progress      told how far the job has got, about every second, while it runs
     */
    public static Result run(SpacecapsConfig config, RetainedRange range, Map<String, String> flinkSettings,
                             Consumer<Progress> progress) throws Exception {
        try (LocalCluster cluster = LocalCluster.start(config, flinkSettings, config.defaultLanguage())) {
            return run(cluster, new SpacecapsJob.Sources(range.audioSource(config), range.eventSource(config)), progress);
        }
    }

    /** Runs the job over bounded {@code sources} in {@code cluster} (once it is up) and waits for it. */
    public static Result run(LocalCluster cluster, SpacecapsJob.Sources sources, Consumer<Progress> progress) throws Exception {
        SpacecapsConfig batch = cluster.config;
        InMemorySink<TranscriptEvent> finals = new InMemorySink<>();
        InMemorySink<DeadLetter> deadLetters = new InMemorySink<>();
        try {
            StreamExecutionEnvironment env = new StreamExecutionEnvironment(cluster.flink);
            SpacecapsJob.configure(env, batch);
            SpacecapsJob.defineWorkflow(env, batch, sources,
                    new SpacecapsJob.Sinks(new DiscardingSink<>(), finals, deadLetters, Backfill.<SpaceStats>discard()));
            var graph = env.getStreamGraph();
            graph.setJobName("spacecaps-backfill");
            MiniCluster running = cluster.cluster();
            JobID job = running.submitJob(graph).get().getJobID();
            long started = System.nanoTime();
            CompletableFuture<JobResult> result = running.requestJobResult(job);
            FlinkRest rest = new FlinkRest(running.getRestAddress().get(), job);
            OptionalLong recognised = OptionalLong.empty();
            while (!result.isDone()) {
                try {
                    result.get(1, TimeUnit.SECONDS);
                } catch (TimeoutException stillRunning) {
                    recognised = audioRecognisedMs(rest, recognised);
                    progress.accept(new Progress((System.nanoTime() - started) / 1_000_000_000L, recognised));
                }
            }
            try {
                result.get().toJobExecutionResult(Backfill.class.getClassLoader());
            } catch (JobExecutionException failed) {
                throw new IllegalStateException("the Flink job stopped: " + EmbeddedPipeline.rootMessage(failed), failed);
            }
            List<TranscriptEvent> kept = finals.kept();
            kept.sort(Comparator.comparing(TranscriptEvent::getSpaceId).thenComparingLong(TranscriptEvent::getStartMs)
                    .thenComparing(TranscriptEvent::getUtteranceId));
            return new Result(kept, deadLetters.kept());
        } finally {
            finals.release();
            deadLetters.release();
        }
    }

    /** The recognisers' count, never going back (a finished stage's metrics may vanish); what was known when Flink does not say. */
    private static OptionalLong audioRecognisedMs(FlinkRest rest, OptionalLong known) throws InterruptedException {
        try {
            OptionalDouble now = rest.operatorMetricSum("recognize speech", TrackRecognizer.AUDIO_RECOGNISED_MS);
            if (now.isPresent() && (known.isEmpty() || now.getAsDouble() > known.getAsLong())) {
                return OptionalLong.of((long) now.getAsDouble());
            }
        } catch (IOException | RuntimeException notYet) {
            // The vertex is not scheduled yet, or its metrics are not fetched yet: the next second tells.
        }
        return known;
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
        EmbeddedPipeline.onLoopback(flink);
        flink.addAll(Configuration.fromMap(flinkSettings));
        flink.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        flink.set(CoreOptions.DEFAULT_PARALLELISM, config.parallelism());
        // Every stage at --parallelism, as in the live job: left to itself, BATCH mode sizes a stage by
        // its input's bytes, and a Space's audio (minutes of it, a few MB) would be recognised by one
        // subtask on one core whatever the cores (4 tracks: 47 s instead of 33 s).
        flink.set(BatchExecutionOptions.ADAPTIVE_AUTO_PARALLELISM_ENABLED, false);
        // Progress is read from the recognisers' metrics, which the web UI's store fetches this often.
        flink.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofSeconds(1));
        if (!flink.contains(TaskManagerOptions.NUM_TASK_SLOTS)) {
            flink.set(TaskManagerOptions.NUM_TASK_SLOTS, config.parallelism());
        }
        return flink;
    }
}
