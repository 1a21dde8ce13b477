package io.spacecaps.dashboard;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.regex.Pattern;

/**
 * Who may see the dashboard. Beyond loopback every request needs the access token: once in the
 * address ({@code ?token=}, which the server turns into a cookie for the page and its streams), or as
 * {@code Authorization: Bearer TOKEN} for scripts. On loopback there is no token, but the request must
 * name this machine in its Host header, so that a web page elsewhere cannot read the dashboard by
 * pointing its own name at 127.0.0.1 (DNS rebinding).
 */
final class AccessGuard {

    enum Verdict { ALLOWED, WRONG_HOST, NEEDS_TOKEN }

    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");
    /** Characters that pass through an address, a header and a cookie unchanged. */
    private static final Pattern TOKEN_FORM = Pattern.compile("[A-Za-z0-9._~-]{12,}");
    private static final Pattern PORT_SUFFIX = Pattern.compile(":\\d+$");

    private final String token;
    private final IntSupplier port;

    /**
     * @param token null: loopback, no token
     * @param port  the port the server listens on, once it does (0 may have been asked for)
     */
    AccessGuard(String token, IntSupplier port) {
        if (token != null && !TOKEN_FORM.matcher(token).matches()) {
            throw new IllegalArgumentException(describeTokenForm());
        }
        this.token = token;
        this.port = port;
    }

    static String describeTokenForm() {
        return "an access token is at least 12 characters, each a letter, a digit or one of . _ ~ -";
    }

    static boolean isWellFormed(String candidate) {
        return TOKEN_FORM.matcher(candidate).matches();
    }

    static String newToken() {
        byte[] bytes = new byte[20];
        new SecureRandom().nextBytes(bytes);
        // Hex: never starts with '-', so it can be given back to --token as it is.
        return HexFormat.of().formatHex(bytes);
    }

    boolean needsToken() {
        return token != null;
    }

    /** The cookie that carries the token; named for the port, since cookies do not tell ports apart. */
    String cookieName() {
        return "spacecaps-dashboard-" + port.getAsInt();
    }

    /**
     * @param hostHeader    the request's Host header
     * @param authorization its Authorization header
     * @param cookie        the value of {@link #cookieName()}
     * @param queryToken    {@code ?token=}
     */
    Verdict check(String hostHeader, String authorization, String cookie, String queryToken) {
        if (token == null) {
            return isLoopbackHost(hostHeader) ? Verdict.ALLOWED : Verdict.WRONG_HOST;
        }
        String bearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip() : null;
        return matches(bearer) || matches(cookie) || matches(queryToken) ? Verdict.ALLOWED : Verdict.NEEDS_TOKEN;
    }

    /** Whether {@code ?token=} itself is right (the page then sets the cookie and drops it from the address). */
    boolean isToken(String candidate) {
        return token != null && matches(candidate);
    }

    private boolean matches(String candidate) {
        if (candidate == null || token == null) {
            return false;
        }
        // Constant time: how long a wrong guess takes says nothing about how much of it was right.
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    private boolean isLoopbackHost(String hostHeader) {
        if (hostHeader == null) {
            return false;
        }
        // The name is what matters: a rebinding page has its own name, whatever the port.
        String host = PORT_SUFFIX.matcher(hostHeader.strip().toLowerCase(Locale.ROOT)).replaceFirst("");
        return LOOPBACK_NAMES.contains(host);
    }
}
