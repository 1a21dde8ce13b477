package io.spacecaps.job;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.kafka.EmbeddedKafkaBroker;
import io.spacecaps.kafka.KafkaConnectors;
import io.spacecaps.kafka.KafkaTopics;
import io.spacecaps.kafka.Topics;
import org.apache.flink.api.common.JobStatus;
import io.spacecaps.asr.TrackRecognizer;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Files;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The whole pipeline in this JVM: a Kafka broker (embedded, unless the configuration points at a
 * cluster) and the Spacecaps job in a Flink MiniCluster. What the demo, {@code transcribe} and the
 * end-to-end tests run.
 */
public final class EmbeddedPipeline implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;
    private final SpacecapsConfig config;
    private final JobClient job;

    private EmbeddedPipeline(EmbeddedKafkaBroker broker, SpacecapsConfig config, JobClient job) {
        this.broker = broker;
        this.config = config;
        this.job = job;
    }

    /**
     * @param config         the job's settings; its bootstrap servers are replaced by the embedded broker's when one is started
     * @param embeddedBroker start a broker here rather than use {@code config.bootstrapServers()}
     * @param status         told what is starting, for progress messages
     */
    public static EmbeddedPipeline start(SpacecapsConfig config, boolean embeddedBroker, Consumer<String> status) throws Exception {
        return start(config, embeddedBroker, status, null);
    }

    /** As above, with the job's recogniser operator given (tests inject failures with it); null for the default. */
    public static EmbeddedPipeline start(SpacecapsConfig config, boolean embeddedBroker, Consumer<String> status,
                                         TrackRecognizer recognizer) throws Exception {
        EmbeddedKafkaBroker broker = null;
        try {
            if (embeddedBroker) {
                status.accept("starting Kafka (single-node KRaft broker on loopback)");
                broker = EmbeddedKafkaBroker.start();
                config = config.withBootstrapServers(broker.bootstrapServers());
            }
            status.accept("creating topics on " + config.bootstrapServers());
            KafkaTopics.ensureAll(config.bootstrapServers(), (short) 1);
            status.accept("starting the Flink job (local MiniCluster, parallelism " + config.parallelism() + ")");
            JobClient job = submit(config, recognizer == null ? new TrackRecognizer(config) : recognizer);
            return new EmbeddedPipeline(broker, config, job);
        } catch (Exception | Error e) {
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
    }

    private static JobClient submit(SpacecapsConfig config, TrackRecognizer recognizer) throws Exception {
        Configuration flink = new Configuration();
        // Any free port: several local pipelines (tests, a demo) may run side by side.
        flink.set(RestOptions.BIND_PORT, "0");
        String checkpoints = config.checkpointDir().isEmpty()
                ? Files.createTempDirectory("spacecaps-checkpoints-").toUri().toString()
                : config.checkpointDir();
        flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        // Enough attempts to ride out a broker restart (about 10 s) without giving up.
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 60);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, java.time.Duration.ofSeconds(2));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(config.parallelism(), flink);
        SpacecapsJob.configure(env, config);
        SpacecapsJob.defineWorkflow(env, config, recognizer,
                KafkaConnectors.rawSource(config, Topics.AUDIO),
                KafkaConnectors.rawSource(config, Topics.EVENTS),
                KafkaConnectors.partialSink(config),
                KafkaConnectors.finalSink(config),
                KafkaConnectors.deadLetterSink(config));
        return env.executeAsync("spacecaps");
    }

    public String bootstrapServers() {
        return config.bootstrapServers();
    }

    public SpacecapsConfig config() {
        return config;
    }

    /** The embedded broker, or null when running against an existing cluster. */
    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    public JobClient job() {
        return job;
    }

    /** Throws with the job's failure if the job is no longer running. */
    public void checkRunning() throws Exception {
        JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
        if (status.isGloballyTerminalState()) {
            try {
                job.getJobExecutionResult().get(10, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("the Flink job stopped: " + rootMessage(e), e);
            }
            throw new IllegalStateException("the Flink job stopped (" + status + ")");
        }
    }

    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }

    @Override
    public void close() {
        try {
            if (!job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception ignored) {
            // Already gone, or the MiniCluster is shutting down with the JVM.
        }
        if (broker != null) {
            broker.close();
        }
    }
}
