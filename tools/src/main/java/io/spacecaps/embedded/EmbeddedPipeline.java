package io.spacecaps.embedded;

import io.spacecaps.asr.TrackRecognizer;
import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.job.SpacecapsJob;
import org.apache.flink.client.deployment.executors.LocalExecutor;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.DeploymentOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.PipelineExecutor;
import org.apache.flink.core.execution.PipelineExecutorFactory;
import org.apache.flink.core.execution.PipelineExecutorServiceLoader;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The whole pipeline in this JVM: a Kafka broker (embedded, unless the configuration points at a
 * cluster) and the Spacecaps job in a Flink MiniCluster. What the demo, {@code transcribe} and the
 * end-to-end tests run.
 */
public final class EmbeddedPipeline implements AutoCloseable {

    private final EmbeddedKafkaBroker broker;
    private final SpacecapsConfig config;
    private final LocalJob local;
    private final Thread shutdownHook = new Thread(this::close, "spacecaps-pipeline-shutdown");
    private boolean closed;
    private URI metrics;

    private EmbeddedPipeline(EmbeddedKafkaBroker broker, SpacecapsConfig config, LocalJob local) {
        this.broker = broker;
        this.config = config;
        this.local = local;
    }

    /**
     * The submitted job and what it runs in: the MiniCluster (for its web UI's address) and the
     * checkpoint directory made for this run, if one was (removed when the pipeline closes).
     */
    private record LocalJob(JobClient job, MiniCluster cluster, Path temporaryCheckpoints) {
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
        return start(config, embeddedBroker, status, recognizer, Map.of());
    }

    /**
     * As above, with Flink settings ({@code -D key=value} on the command line) laid over the shared
     * ones of deploy/flink/config.yaml.
     */
    public static EmbeddedPipeline start(SpacecapsConfig config, boolean embeddedBroker, Consumer<String> status,
                                         TrackRecognizer recognizer, Map<String, String> flinkSettings) throws Exception {
        EmbeddedKafkaBroker broker = null;
        try {
            if (embeddedBroker) {
                status.accept("starting Kafka (single-node KRaft broker on loopback)");
                broker = EmbeddedKafkaBroker.start();
                config = config.withBootstrapServers(broker.bootstrapServers());
            }
            status.accept("creating topics on " + config.bootstrapServers());
            TopicSetup.ensureAll(KafkaClientSettings.of(config), (short) 1);
            status.accept("starting the Flink job (local MiniCluster, parallelism " + config.parallelism() + ")");
            LocalJob job = submit(config, recognizer == null ? new TrackRecognizer(config) : recognizer, flinkSettings);
            EmbeddedPipeline pipeline = new EmbeddedPipeline(broker, config, job);
            if (LoopbackPrometheusReporter.askedFor(flinkSettings)) {
                // The reporter opened with the MiniCluster, before the job was submitted.
                pipeline.metrics = LoopbackPrometheusReporter.boundPort()
                        .map(port -> java.net.URI.create("http://127.0.0.1:" + port + "/metrics")).orElse(null);
                if (pipeline.metrics != null) {
                    status.accept("Prometheus metrics: " + pipeline.metrics);
                }
            }
            // Ctrl-C, or an exit without close(): the job, the broker and temporary checkpoints still go.
            Runtime.getRuntime().addShutdownHook(pipeline.shutdownHook);
            return pipeline;
        } catch (Exception | Error e) {
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
    }

    private static LocalJob submit(SpacecapsConfig config, TrackRecognizer recognizer, Map<String, String> flinkSettings)
            throws Exception {
        Configuration flink = sharedFlinkSettings();
        onLoopback(flink);
        Path temporary = null;
        if (config.checkpointDir().isEmpty()) {
            temporary = Files.createTempDirectory("spacecaps-checkpoints-");
            flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, temporary.toUri().toString());
        } else {
            flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, config.checkpointDir());
        }
        // The user's -D settings last: they are the ones asked for on this run.
        flink.addAll(Configuration.fromMap(flinkSettings));
        flink.set(DeploymentOptions.TARGET, "local");
        flink.set(DeploymentOptions.ATTACHED, true);
        flink.set(CoreOptions.DEFAULT_PARALLELISM, config.parallelism());
        try {
            AtomicReference<MiniCluster> cluster = new AtomicReference<>();
            StreamExecutionEnvironment env = new StreamExecutionEnvironment(
                    new OwnMiniCluster(cluster), flink, EmbeddedPipeline.class.getClassLoader());
            SpacecapsJob.configure(env, config);
            SpacecapsJob.defineWorkflow(env, config, recognizer, SpacecapsJob.Sources.kafka(config), SpacecapsJob.Sinks.kafka(config));
            JobClient job = env.executeAsync("spacecaps");
            return new LocalJob(job, cluster.get(), temporary);
        } catch (Exception | Error e) {
            deleteRecursively(temporary);
            throw e;
        }
    }

    /**
     * A local cluster's endpoints on loopback, its web UI on any free port: several local runs (tests, a
     * demo) may go side by side, and a local run is nobody else's business. The blob server and the
     * TaskManager's services bind to the wildcard address unless told (LoopbackOnlyITCase reads the
     * kernel's listeners).
     */
    public static void onLoopback(Configuration flink) {
        flink.set(RestOptions.BIND_PORT, "0");
        flink.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        flink.set(RestOptions.ADDRESS, "127.0.0.1");
        flink.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        flink.set(JobManagerOptions.ADDRESS, "127.0.0.1");
        flink.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        flink.set(TaskManagerOptions.HOST, "127.0.0.1");
    }

    /**
     * Runs jobs in a local MiniCluster as Flink's own local executor does, but keeps hold of the
     * cluster: it is the only place that knows the port its REST endpoint (the web UI) bound.
     */
    private record OwnMiniCluster(AtomicReference<MiniCluster> cluster) implements PipelineExecutorServiceLoader {
        @Override
        public PipelineExecutorFactory getExecutorFactory(Configuration configuration) {
            return new PipelineExecutorFactory() {
                @Override
                public String getName() {
                    return LocalExecutor.NAME;
                }

                @Override
                public boolean isCompatibleWith(Configuration c) {
                    return true;
                }

                @Override
                public PipelineExecutor getExecutor(Configuration c) {
                    return LocalExecutor.createWithFactory(c, miniClusterConfig -> {
                        MiniCluster created = new MiniCluster(miniClusterConfig);
                        cluster.set(created);
                        return created;
                    });
                }
            };
        }

        @Override
        public Stream<String> getExecutorNames() {
            return Stream.of(LocalExecutor.NAME);
        }
    }

    /**
     * deploy/flink/config.yaml, the settings every deployment shares (state backend, restart policy,
     * heartbeats), as the build put it on the classpath.
     */
    public static Configuration sharedFlinkSettings() throws IOException {
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

    /** How the command line's own clients reach the pipeline's Kafka: as the job does. */
    public KafkaClientSettings kafka() {
        return KafkaClientSettings.of(config);
    }

    /** The checkpoint directory made for this run (removed on close), or empty when --checkpoint-dir named one. */
    public Optional<Path> temporaryCheckpoints() {
        return Optional.ofNullable(local.temporaryCheckpoints());
    }

    /** Where the job's metrics are served for Prometheus ({@code --metrics-port}), when they are. */
    public Optional<URI> metrics() {
        return Optional.ofNullable(metrics);
    }

    /** The Flink web UI (the MiniCluster's REST endpoint, on loopback), when it came up. */
    public Optional<URI> webUi() {
        try {
            return Optional.of(local.cluster().getRestAddress().get(10, TimeUnit.SECONDS));
        } catch (Exception | Error notAvailable) {
            return Optional.empty();
        }
    }

    public SpacecapsConfig config() {
        return config;
    }

    /** The embedded broker, or null when running against an existing cluster. */
    public EmbeddedKafkaBroker broker() {
        return broker;
    }

    public JobClient job() {
        return local.job();
    }

    /**
     * Throws with the job's failure if the job is no longer running. Asks the job's result rather
     * than its status: a job that ended has taken its MiniCluster down with it, and the cluster can
     * no longer be asked anything.
     */
    public void checkRunning() throws Exception {
        java.util.concurrent.CompletableFuture<?> result = local.job().getJobExecutionResult();
        if (!result.isDone()) {
            return;
        }
        try {
            result.get();
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the Flink job stopped: " + rootMessage(e), e);
        }
        throw new IllegalStateException("the Flink job stopped (it finished, though it reads Kafka without end)");
    }

    /**
     * The failure as a person needs it: the first exception that is not Flink's own wrapping (the
     * job's code says what it was doing there, e.g. which model directory), and its root cause
     * when that adds something.
     */
    public static String rootMessage(Throwable t) {
        Throwable root = t;
        Throwable own = null;
        while (true) {
            String type = root.getClass().getName();
            if (own == null && !type.startsWith("org.apache.flink.") && !type.startsWith("java.util.concurrent.")) {
                own = root;
            }
            if (root.getCause() == null || root.getCause() == root) {
                break;
            }
            root = root.getCause();
        }
        Throwable shown = own != null ? own : root;
        String message = shown.getClass().getSimpleName() + ": " + shown.getMessage();
        if (shown != root && root.getMessage() != null && !message.contains(root.getMessage())) {
            message += ": " + root.getMessage();
        }
        return message;
    }

    /**
     * Cancels the job and waits until it and its MiniCluster have stopped, so that nothing of it
     * (threads, a checkpoint in flight) outlives this call; then removes a temporary checkpoint
     * directory and stops the embedded broker. Safe to call twice, and from a shutdown hook.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is what is running this.
        }
        JobClient job = local.job();
        try {
            if (!job.getJobStatus().get(10, TimeUnit.SECONDS).isGloballyTerminalState()) {
                job.cancel().get(30, TimeUnit.SECONDS);
            }
            job.getJobExecutionResult().handle((result, failure) -> null).get(30, TimeUnit.SECONDS);
        } catch (Exception ignored) {
            // Already gone, or the MiniCluster is shutting down with the JVM.
        }
        try {
            if (local.cluster() != null) {
                local.cluster().closeAsync().get(30, TimeUnit.SECONDS);
            }
        } catch (Exception ignored) {
            // Stopped as far as it will; the JVM's exit does the rest.
        }
        deleteRecursively(local.temporaryCheckpoints());
        if (broker != null) {
            broker.close();
        }
    }

    private static void deleteRecursively(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // Best effort: a leftover temporary directory is untidy, not harmful.
        }
    }
}
