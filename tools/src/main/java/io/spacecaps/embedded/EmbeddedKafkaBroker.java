package io.spacecaps.embedded;

import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real single-node Kafka broker (KRaft, broker and controller in one process) on loopback, run in
 * its own JVM from Kafka's own server jars (a runtime dependency of this module, so on this JVM's classpath).
 *
 * <p>Kept out of the caller's JVM so that its Scala runtime and logging never meet Flink's, so that
 * its log goes to its own file, and so that tests can kill it and start it again on the same data.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Path dataDir;
    private final String classpath;
    private final int port;
    private final int controllerPort;
    private final boolean deleteOnClose;
    /** Null: one plaintext listener. */
    private final BrokerSecurity security;
    private Process process;
    private final Thread shutdownHook = new Thread(this::stopQuietly, "spacecaps-kafka-shutdown");

    private EmbeddedKafkaBroker(Path dataDir, String classpath, int port, int controllerPort, boolean deleteOnClose,
                                BrokerSecurity security) {
        this.dataDir = dataDir;
        this.security = security;
        this.classpath = classpath;
        this.port = port;
        this.controllerPort = controllerPort;
        this.deleteOnClose = deleteOnClose;
    }

    /** Formats a fresh log directory and starts a broker on a free loopback port. */
    public static EmbeddedKafkaBroker start() {
        return start(0);
    }

    /**
     * As {@link #start()}, on loopback port {@code port} (0: any free one).
     *
     * @throws IllegalArgumentException at once, before anything starts, when that port is taken
     */
    public static EmbeddedKafkaBroker start(int port) {
        return start(port, null);
    }

    /**
     * As {@link #start()}, taking clients only over TLS with SASL/SCRAM credentials, as a secured
     * production cluster does (the secured-Kafka tests run the job and the commands against it).
     */
    public static EmbeddedKafkaBroker startSecured(BrokerSecurity security) {
        return start(0, java.util.Objects.requireNonNull(security, "security"));
    }

    private static EmbeddedKafkaBroker start(int port, BrokerSecurity security) {
        if (port != 0 && !isFree(port)) {
            throw new IllegalArgumentException("port " + port + " on 127.0.0.1 is already in use");
        }
        // A port found free here can be taken by another process before the broker binds it (the
        // test suite runs two JVMs side by side, each starting brokers and MiniClusters); a broker
        // that exits while starting on ports picked here is started again on others.
        int tries = port == 0 ? 3 : 1;
        IOException failure = null;
        for (int attempt = 1; attempt <= tries; attempt++) {
            try {
                return startOnce(port, security);
            } catch (BrokerExited e) {
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            } catch (IOException e) {
                failure = e;
                break; // it did not start in time: another try would only take as long again
            }
        }
        throw new UncheckedIOException("cannot start the embedded Kafka broker: " + failure.getMessage(), failure);
    }

    private static EmbeddedKafkaBroker startOnce(int port, BrokerSecurity security) throws IOException {
        Path dir = Files.createTempDirectory("spacecaps-kafka-");
        int brokerPort = port == 0 ? freePort() : port;
        // Each pick is free when made, so two picks can be the same port; Kafka then refuses both
        // listeners on it (a suite run's "two listeners on the same port" failure).
        int controllerPort = freePort();
        while (controllerPort == brokerPort) {
            controllerPort = freePort();
        }
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(dir, readClasspath(), brokerPort, controllerPort, true, security);
        try {
            broker.format();
            broker.launch();
        } catch (IOException | RuntimeException e) {
            deleteRecursively(dir); // nothing of a broker that never ran is worth keeping
            throw e;
        }
        Runtime.getRuntime().addShutdownHook(broker.shutdownHook);
        return broker;
    }

    /** The broker's JVM ended while it was starting: most often a port taken between the pick and the bind. */
    private static final class BrokerExited extends IOException {
        BrokerExited(String message) {
            super(message);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public Path logFile() {
        return dataDir.resolve("server.log");
    }

    /** The broker JVM's process id, while it runs. */
    public java.util.OptionalLong pid() {
        return process == null ? java.util.OptionalLong.empty() : java.util.OptionalLong.of(process.pid());
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Stops the broker with SIGKILL, as a crash would: nothing is flushed or handed over. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process, Duration.ofSeconds(30));
            process = null;
        }
    }

    /** Stops the broker cleanly (SIGTERM, controlled shutdown), keeping its data. */
    public void stop() {
        if (process != null) {
            process.destroy();
            if (!waitFor(process, Duration.ofSeconds(30))) {
                process.destroyForcibly();
                waitFor(process, Duration.ofSeconds(10));
            }
            process = null;
        }
    }

    /** Starts the broker again on the same ports and data, after {@link #stop()} or {@link #kill()}. */
    public void restart() {
        stop();
        try {
            launch();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart the embedded Kafka broker", e);
        }
    }

    @Override
    public void close() {
        stopQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or has run: nothing to remove.
        }
    }

    private void stopQuietly() {
        stop();
        if (deleteOnClose) {
            deleteRecursively(dataDir);
        }
    }

    private void format() throws IOException {
        writeConfig();
        List<String> args = new ArrayList<>(List.of("format", "-t", Uuid.randomUuid().toString(),
                "-c", dataDir.resolve("server.properties").toString(), "--ignore-formatted"));
        if (security != null) {
            // In KRaft the SCRAM credentials the broker needs to start (its own) go in with the metadata's first records.
            for (var user : new java.util.TreeMap<>(security.users()).entrySet()) {
                args.addAll(List.of("--add-scram", BrokerSecurity.MECHANISM + "=[name=" + user.getKey() + ",password=" + user.getValue() + "]"));
            }
        }
        Process formatting = java("kafka.tools.StorageTool", args.toArray(String[]::new))
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("format.log").toFile())
                .start();
        if (!waitFor(formatting, Duration.ofSeconds(60)) || formatting.exitValue() != 0) {
            formatting.destroyForcibly();
            throw new IOException("formatting the Kafka log directory failed:\n" + tail(dataDir.resolve("format.log")));
        }
    }

    private void launch() throws IOException {
        process = java("kafka.Kafka", dataDir.resolve("server.properties").toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dataDir.resolve("console.log").toFile()))
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new BrokerExited("the Kafka broker exited with code " + process.exitValue() + " while starting:\n"
                        + tail(dataDir.resolve("console.log")) + tail(logFile()));
            }
            if (accepts(port) && Files.exists(logFile())
                    && Files.readString(logFile(), StandardCharsets.UTF_8).contains("Kafka Server started")) {
                return;
            }
            sleep(100);
        }
        process.destroyForcibly();
        throw new IOException("the Kafka broker did not start within " + START_TIMEOUT.toSeconds() + " s:\n" + tail(logFile()));
    }

    private ProcessBuilder java(String mainClass, String... args) {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m", "-Xmx768m", "-XX:+UseG1GC", "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + dataDir.resolve("log4j2.properties").toUri(),
                "-Dkafka.logs.dir=" + dataDir,
                "-cp", classpath, mainClass));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(dataDir.toFile());
    }

    private String listeners() {
        String listener = security == null ? "PLAINTEXT" : "SASL_SSL";
        List<String> lines = new ArrayList<>(List.of(
                "listeners=" + listener + "://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=" + listener + "://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=" + listener,
                "listener.security.protocol.map=" + listener + ":" + listener + ",CONTROLLER:PLAINTEXT"));
        if (security != null) {
            lines.addAll(List.of(
                    "sasl.enabled.mechanisms=" + BrokerSecurity.MECHANISM,
                    "sasl.mechanism.inter.broker.protocol=" + BrokerSecurity.MECHANISM,
                    "listener.name.sasl_ssl." + BrokerSecurity.MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config="
                            + security.jaasConfig(security.brokerUser()),
                    "ssl.keystore.type=PKCS12",
                    "ssl.keystore.location=" + security.keyStore().toAbsolutePath(),
                    "ssl.keystore.password=" + security.storePassword(),
                    "ssl.truststore.type=PKCS12",
                    "ssl.truststore.location=" + security.trustStore().toAbsolutePath(),
                    "ssl.truststore.password=" + security.storePassword()));
        }
        return String.join("\n", lines);
    }

    private void writeConfig() throws IOException {
        String properties = String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                listeners(),
                "log.dirs=" + dataDir.resolve("logs"),
                "num.partitions=1",
                // Topics are created on purpose, so that a misspelt topic fails loudly instead.
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=4",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // Flink's exactly-once sink keeps transactions open across a checkpoint interval.
                "transaction.max.timeout.ms=3600000",
                // A transaction past its timeout is aborted at the broker's next look (every 10 s by
                // default); looking every second lets a test see the abort without waiting on the cadence.
                "transaction.abort.timed.out.transaction.cleanup.interval.ms=1000",
                "log.flush.interval.messages=1000000",
                "");
        Path config = dataDir.resolve("server.properties");
        Files.writeString(config, properties, StandardCharsets.UTF_8);
        if (security != null) {
            // It holds passwords: for this user's eyes only.
            Files.setPosixFilePermissions(config, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        }
        String log4j = String.join("\n",
                "status = error",
                "appender.file.type = File",
                "appender.file.name = file",
                "appender.file.fileName = " + logFile().toString().replace("\\", "/"),
                "appender.file.layout.type = PatternLayout",
                "appender.file.layout.pattern = [%d] %p %m (%c)%n",
                "rootLogger.level = info",
                "rootLogger.appenderRef.file.ref = file",
                "logger.kafka.name = kafka",
                "logger.kafka.level = info",
                "logger.state.name = state.change.logger",
                "logger.state.level = warn",
                "");
        Files.writeString(dataDir.resolve("log4j2.properties"), log4j, StandardCharsets.UTF_8);
    }

    /**
     * Kafka's server jars are dependencies of this module, so the broker's JVM runs from this JVM's
     * own classpath: no separate distribution to find or keep in step.
     */
    private static String readClasspath() throws IOException {
        String classpath = System.getProperty("java.class.path", "");
        if (!classpath.contains("kafka_2.13")) {
            throw new IOException("Kafka's server jars (kafka_2.13) are not on this JVM's classpath; run through "
                    + "scripts/spacecaps or Maven, which put them there");
        }
        return classpath;
    }

    /**
     * A loopback port free now, below the kernel's range for ephemeral ports when it can: the ports
     * other processes' clients and port-0 servers are given come from that range, so a pick below
     * it is far less likely to be taken before the broker binds it.
     */
    private static int freePort() throws IOException {
        int ephemeralFrom = ephemeralRangeStart();
        java.util.concurrent.ThreadLocalRandom random = java.util.concurrent.ThreadLocalRandom.current();
        for (int i = 0; i < 50 && ephemeralFrom > 20_000; i++) {
            int candidate = random.nextInt(10_000, ephemeralFrom);
            if (isFree(candidate)) {
                return candidate;
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    /** Where Linux's ephemeral port range begins (its default where it cannot be read). */
    private static int ephemeralRangeStart() {
        try {
            return Integer.parseInt(Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim().split("\\s+")[0]);
        } catch (IOException | RuntimeException unreadable) {
            return 32_768;
        }
    }

    /** True when a loopback server socket can be bound to {@code port} now. */
    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static boolean waitFor(Process p, Duration timeout) {
        try {
            return p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Kafka broker", e);
        }
    }

    private static String tail(Path file) {
        try {
            if (!Files.exists(file)) {
                return "";
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())) + "\n";
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e.getMessage() + ")\n";
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // A temp directory left behind is harmless.
        }
    }
}
