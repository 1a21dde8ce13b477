package io.spacecaps.embedded;

import io.prometheus.client.CollectorRegistry;
import io.prometheus.client.exporter.HTTPServer;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.prometheus.AbstractPrometheusReporter;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Properties;

/**
 * Flink's Prometheus reporter (the metric names, labels and types Flink's own exporter gives), served
 * on loopback. Flink's {@code PrometheusReporter} listens on every interface, and an embedded run
 * listens on loopback only; its collectors live in a registry the class keeps to itself, which this
 * subclass serves from a server of its own. Configured by {@code --metrics-port}
 * ({@link #flinkSettings}); the port it bound is {@link #boundPort()} (the port asked for, or a free
 * one for 0).
 */
public final class LoopbackPrometheusReporter extends AbstractPrometheusReporter {

    static final String PORT = "port";
    private static final String FACTORY_SETTING = "metrics.reporter.prom.factory.class";
    private static volatile Integer lastBoundPort;

    private HTTPServer server;

    @Override
    public void open(MetricConfig config) {
        super.open(config);
        int port = config.getInteger(PORT, 0);
        try {
            server = new HTTPServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), registry(), true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve the job's metrics on 127.0.0.1:" + port, e);
        }
        lastBoundPort = server.getPort();
        log.info("Prometheus metrics on http://127.0.0.1:{}/metrics", server.getPort());
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
        super.close();
    }

    /** The port the last reporter opened in this JVM bound, if one did. */
    public static Optional<Integer> boundPort() {
        return Optional.ofNullable(lastBoundPort);
    }

    /** The Flink settings that serve the job's metrics on 127.0.0.1:{@code port} (0: any free port). */
    public static java.util.Map<String, String> flinkSettings(int port) {
        return java.util.Map.of(FACTORY_SETTING, Factory.class.getName(), "metrics.reporter.prom." + PORT, String.valueOf(port));
    }

    /** Whether {@code flinkSettings} ask for this reporter. */
    static boolean askedFor(java.util.Map<String, String> flinkSettings) {
        return Factory.class.getName().equals(flinkSettings.get(FACTORY_SETTING));
    }

    /**
     * The registry Flink's base class fills. It keeps it in a package-private field with no getter;
     * read once, at open, and checked by {@code MetricsEndpointITCase} on every Flink upgrade.
     */
    private CollectorRegistry registry() {
        try {
            var field = AbstractPrometheusReporter.class.getDeclaredField("registry");
            field.setAccessible(true);
            return (CollectorRegistry) field.get(this);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("this Flink's Prometheus reporter keeps its metrics elsewhere: " + e, e);
        }
    }

    /** Found by Flink through {@code META-INF/services}, named by {@code metrics.reporter.prom.factory.class}. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new LoopbackPrometheusReporter();
        }
    }
}
