package io.spacecaps.clients;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Waits for a Kafka cluster to answer, saying so while it does not: a command pointed at a wrong
 * address or a cluster that is down tells the user within seconds, then keeps trying and keeps
 * telling, instead of waiting in silence.
 */
public final class KafkaReachability {

    /** How long one attempt waits for an answer; also about how often a line is printed while none comes. */
    static final Duration ATTEMPT = Duration.ofSeconds(5);

    private KafkaReachability() {
    }

    /**
     * Returns the cluster's topic names once it answers.
     *
     * @param unreachable told, about every {@link #ATTEMPT}, that there is no answer yet and for how long
     * @throws IllegalArgumentException at once when no bootstrap address even resolves
     * @throws IllegalStateException    at once when the cluster answers but refuses the client's credentials:
     *                                  asking again with the same ones would only be refused again
     */
    public static Set<String> await(KafkaClientSettings kafka, Consumer<String> unreachable) throws InterruptedException {
        long started = System.nanoTime();
        try (Admin admin = admin(kafka)) {
            while (true) {
                String reason;
                try {
                    return admin.listTopics().names().get(ATTEMPT.toMillis() + 1_000, TimeUnit.MILLISECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof AuthenticationException || e.getCause() instanceof AuthorizationException) {
                        throw new IllegalStateException("Kafka at " + kafka.bootstrapServers() + " refused this client: "
                                + e.getCause().getMessage() + " (the credentials come from --kafka-properties FILE or "
                                + "SPACECAPS_KAFKA_PROPERTIES)", e.getCause());
                    }
                    reason = e.getCause().getClass().getSimpleName() + (e.getCause().getMessage() == null ? "" : ": " + e.getCause().getMessage());
                    if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                        reason += securityHint(kafka);
                    }
                } catch (TimeoutException e) {
                    reason = "no answer" + securityHint(kafka);
                }
                long waited = (System.nanoTime() - started) / 1_000_000_000L;
                unreachable.accept("Kafka at " + kafka.bootstrapServers() + " is not reachable (" + reason + "; "
                        + waited + " s so far); still trying, Ctrl-C to stop");
                Thread.sleep(500);
            }
        }
    }

    /** A plaintext client at a TLS listener is hung up on without a word: say what it may need. */
    private static String securityHint(KafkaClientSettings kafka) {
        return kafka.properties().isEmpty() ? "; a cluster that takes TLS or SASL clients only needs --kafka-properties FILE" : "";
    }

    private static Admin admin(KafkaClientSettings kafka) {
        int attemptMs = (int) ATTEMPT.toMillis();
        try {
            return Admin.create(kafka.clientProperties(Map.of(
                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, attemptMs,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, attemptMs - 1_000,
                    AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MS_CONFIG, 3_000L,
                    AdminClientConfig.SOCKET_CONNECTION_SETUP_TIMEOUT_MAX_MS_CONFIG, 3_000L,
                    AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1_000L)));
        } catch (KafkaException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            throw new IllegalArgumentException("cannot use Kafka at " + kafka.bootstrapServers() + ": " + root.getMessage(), e);
        }
    }
}
