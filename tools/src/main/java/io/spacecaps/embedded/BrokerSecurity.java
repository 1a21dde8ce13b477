package io.spacecaps.embedded;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * How a secured embedded broker takes clients: one SASL_SSL listener (TLS with the key and
 * certificate in {@code keyStore}, SASL/SCRAM-SHA-512 with the {@code users} given), the same one the
 * broker speaks to itself on as {@code brokerUser}. The controller's listener stays on loopback in
 * plaintext: only the broker's own process talks to it.
 *
 * @param keyStore         PKCS12 key store holding the broker's key and a certificate valid for 127.0.0.1
 * @param trustStore       PKCS12 trust store that trusts that certificate (the broker's own client uses it)
 * @param storePassword    the password of both stores
 * @param users            SCRAM users and their passwords, the broker's own among them
 * @param brokerUser       the user the broker authenticates as on its own listener
 */
public record BrokerSecurity(Path keyStore, Path trustStore, String storePassword, Map<String, String> users, String brokerUser) {

    public static final String MECHANISM = "SCRAM-SHA-512";

    public BrokerSecurity {
        Objects.requireNonNull(keyStore, "keyStore");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(storePassword, "storePassword");
        users = Map.copyOf(users);
        if (!users.containsKey(brokerUser)) {
            throw new IllegalArgumentException("the broker's user " + brokerUser + " is not among the users");
        }
        for (Map.Entry<String, String> user : users.entrySet()) {
            // The storage tool's --add-scram syntax and the JAAS line quote neither.
            if (!user.getKey().matches("[A-Za-z0-9_-]+") || !user.getValue().matches("[A-Za-z0-9_-]+")) {
                throw new IllegalArgumentException("SCRAM user names and passwords here are letters, digits, '_' and '-'");
            }
        }
    }

    /** A JAAS line that logs in as {@code user}, one of the users. */
    public String jaasConfig(String user) {
        return jaasConfig(user, users.get(user));
    }

    /** The JAAS line a SCRAM client logs in with ({@code sasl.jaas.config}), for the broker and its clients alike. */
    public static String jaasConfig(String user, String password) {
        return "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                + password + "\";";
    }

    /** Never the passwords. */
    @Override
    public String toString() {
        return "SASL_SSL with " + MECHANISM + " for " + users.keySet();
    }
}
