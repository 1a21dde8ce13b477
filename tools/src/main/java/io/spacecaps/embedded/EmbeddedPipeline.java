package io.spacecaps.embedded;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.job.SpacecapsJob;
import io.spacecaps.embedded.EmbeddedKafkaBroker;
import io.spacecaps.kafka.KafkaConnectors;
import io.spacecaps.embedded.TopicSetup;
import io.spacecaps.kafka.Topics;
import org.apache.flink.api.common.JobStatus;
import io.spacecaps.asr.TrackRecognizer;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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
            TopicSetup.ensureAll(config.bootstrapServers(), (short) 1);
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
        Configuration flink = sharedFlinkSettings();
        // Any free port, on loopback only: several local pipelines (tests, a demo) may run side by side.
        flink.set(RestOptions.BIND_PORT, "0");
        flink.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        flink.set(RestOptions.ADDRESS, "127.0.0.1");
        String checkpoints = config.checkpointDir().isEmpty()
                ? Files.createTempDirectory("spacecaps-checkpoints-").toUri().toString()
                : config.checkpointDir();
        flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints);
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

    /**
     * deploy/flink/config.yaml, the settings every deployment shares (state backend, restart policy,
     * heartbeats), as the build put it on the classpath.
     */
    static Configuration sharedFlinkSettings() throws IOException {
        Path dir = Files.createTempDirectory("spacecaps-flink-conf-");
        try (InputStream in = EmbeddedPipeline.class.getResourceAsStream("flink/config.yaml")) {
            if (in == null) {
                throw new IOException("flink/config.yaml is missing from the classpath (build the tools module with Maven)");
            }
            Files.copy(in, dir.resolve(GlobalConfiguration.FLINK_CONF_FILENAME));
            return GlobalConfiguration.loadConfiguration(dir.toString());
        } finally {
            Files.deleteIfExists(dir.resolve(GlobalConfiguration.FLINK_CONF_FILENAME));
            Files.deleteIfExists(dir);
        }
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
