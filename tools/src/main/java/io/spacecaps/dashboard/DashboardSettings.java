package io.spacecaps.dashboard;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Where the dashboard listens and how much it keeps.
 *
 * @param host                the address to bind: loopback by default; anything else needs a token
 * @param port                0 for any free port
 * @param token               the access token, or null: generated when one is needed, none on loopback
 * @param maxCaptionsPerSpace captions kept per Space (the oldest in Space time go first)
 * @param maxSpaces           Spaces kept (the one that ended longest ago goes first)
 */
public record DashboardSettings(String host, int port, String token, int maxCaptionsPerSpace, int maxSpaces) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8787;
    public static final int DEFAULT_MAX_CAPTIONS = 2_000;
    public static final int DEFAULT_MAX_SPACES = 50;

    public DashboardSettings {
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("the dashboard's port is 0 to 65535, not " + port);
        }
        if (maxCaptionsPerSpace < 1 || maxSpaces < 1) {
            throw new IllegalArgumentException("the dashboard keeps at least one caption per Space and one Space");
        }
        if (token != null && !AccessGuard.isWellFormed(token)) {
            throw new IllegalArgumentException(AccessGuard.describeTokenForm());
        }
    }

    public static DashboardSettings loopback(int port) {
        return new DashboardSettings(DEFAULT_HOST, port, null, DEFAULT_MAX_CAPTIONS, DEFAULT_MAX_SPACES);
    }

    /** Whether the host is this machine's loopback only, where nobody else can connect. */
    public boolean loopbackOnly() {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("the dashboard's host '" + host + "' does not resolve", e);
        }
    }

    /** A token is needed beyond loopback, and wherever one is given. */
    public boolean needsToken() {
        return token != null || !loopbackOnly();
    }
}
