package io.spacecaps.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.HttpStatus;
import io.javalin.http.SameSite;
import io.javalin.http.sse.SseClient;
import io.spacecaps.captions.TranscriptFormats;
import io.spacecaps.clients.KafkaClientSettings;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The web dashboard: live and ended Spaces, rolling captions, charts of who talks how much, keywords,
 * latency and lag, search and downloads, pushed to the browser as server-sent events. It reads the
 * pipeline's topics from the beginning (see {@link TopicReader}) into a bounded {@link DashboardState};
 * the page ({@code web/} beside this class, Chart.js from its WebJar) is served from the jar, nothing
 * from elsewhere.
 *
 * <p>Every text from the pipeline is untrusted: the server sends it as JSON strings, and the page
 * only ever sets it as text. The Content-Security-Policy allows no script but the jar's own, as a
 * second line should a future change forget that.
 */
public final class Dashboard implements AutoCloseable {

    /** The formats a transcript downloads in, as {@link TranscriptFormats} names them. */
    static final List<String> DOWNLOAD_FORMATS = List.of("seed", "blocks", "srt", "vtt");
    static final int SEARCH_LIMIT = 200;
    private static final int MAX_STREAMS = 64;
    private static final String WEB = "io/spacecaps/dashboard/web/";
    private static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private final DashboardSettings settings;
    private final String token;
    private final boolean tokenGenerated;
    private final DashboardState state;
    private final UpdateHub hub;
    private final TopicReader reader;
    private final AccessGuard guard;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Asset> assets;
    private Javalin server;
    private boolean closed;

    private record Asset(byte[] bytes, String contentType) {
    }

    private Dashboard(KafkaClientSettings kafka, DashboardSettings settings) {
        this.settings = settings;
        this.tokenGenerated = settings.token() == null && settings.needsToken();
        this.token = tokenGenerated ? AccessGuard.newToken() : settings.token();
        this.state = new DashboardState(settings.maxCaptionsPerSpace(), settings.maxSpaces());
        this.hub = new UpdateHub(state, json, MAX_STREAMS, TopicReader.initialStatus(kafka));
        this.reader = new TopicReader(kafka, state, hub);
        this.guard = new AccessGuard(token, () -> server == null ? settings.port() : server.port());
        this.assets = Map.of(
                "/", new Asset(resource(WEB + "index.html"), "text/html; charset=utf-8"),
                "/app.js", new Asset(resource(WEB + "app.js"), "text/javascript; charset=utf-8"),
                "/app.css", new Asset(resource(WEB + "app.css"), "text/css; charset=utf-8"),
                "/vendor/chart.umd.min.js", new Asset(chartJs(), "text/javascript; charset=utf-8"));
    }

    /**
     * Starts reading Kafka and serving; returns once the server listens (Kafka may still be out of
     * reach: the page says so until it answers).
     *
     * @throws IllegalStateException when the port is taken or the host cannot be bound
     */
    public static Dashboard start(KafkaClientSettings kafka, DashboardSettings settings) {
        Dashboard dashboard = new Dashboard(kafka, settings);
        try {
            dashboard.server = Javalin.create(dashboard::configure).start(settings.host(), settings.port());
        } catch (RuntimeException e) {
            dashboard.hub.close();
            dashboard.reader.close();
            throw new IllegalStateException("the dashboard cannot listen on " + settings.host() + ":" + settings.port()
                    + " (" + rootMessage(e) + ")", e);
        }
        dashboard.reader.start();
        return dashboard;
    }

    private void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.routes.before(this::guard);
        assets.forEach((path, asset) -> config.routes.get(path, ctx -> ctx.header("Cache-Control", "no-cache")
                .contentType(asset.contentType()).result(asset.bytes())));
        config.routes.get("/api/status", ctx -> json(ctx, hubStatus()));
        config.routes.get("/api/spaces", ctx -> json(ctx, state.spaces()));
        config.routes.get("/api/spaces/{space}", ctx -> state.space(ctx.pathParam("space"))
                .ifPresentOrElse(detail -> json(ctx, detail), () -> notFound(ctx)));
        config.routes.get("/api/spaces/{space}/search", this::search);
        config.routes.get("/api/spaces/{space}/transcript", this::download);
        config.routes.sse("/api/stream", this::stream);
    }

    /** Headers for every answer, then the access check; a request that fails it goes no further. */
    private void guard(Context ctx) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Frame-Options", "DENY");
        String queryToken = ctx.queryParam("token");
        switch (guard.check(ctx.header("Host"), ctx.header("Authorization"), ctx.cookie(guard.cookieName()), queryToken)) {
            case ALLOWED -> {
                if (queryToken != null && guard.isToken(queryToken) && ctx.path().equals("/")) {
                    // From now on the cookie carries it: the token leaves the address bar and the history.
                    ctx.cookie(new Cookie(guard.cookieName(), queryToken, "/", -1, false, true, null, SameSite.STRICT));
                    ctx.redirect("/", HttpStatus.SEE_OTHER);
                    ctx.skipRemainingHandlers();
                }
            }
            case WRONG_HOST -> refuse(ctx, HttpStatus.FORBIDDEN, "This dashboard only answers to 127.0.0.1 or localhost.");
            case NEEDS_TOKEN -> refuse(ctx, HttpStatus.UNAUTHORIZED, "This dashboard needs its access token: open the "
                    + "address it printed when it started (it ends in ?token=...), or send 'Authorization: Bearer TOKEN'.");
        }
    }

    private static void refuse(Context ctx, HttpStatus status, String why) {
        ctx.status(status).contentType("text/plain; charset=utf-8").result(why + "\n");
        ctx.skipRemainingHandlers();
    }

    private void search(Context ctx) {
        String phrase = Optional.ofNullable(ctx.queryParam("q")).orElse("");
        state.search(ctx.pathParam("space"), phrase, SEARCH_LIMIT)
                .ifPresentOrElse(result -> json(ctx, result), () -> notFound(ctx));
    }

    private void download(Context ctx) {
        String format = Optional.ofNullable(ctx.queryParam("format")).orElse("").toLowerCase(Locale.ROOT);
        if (!DOWNLOAD_FORMATS.contains(format)) {
            ctx.status(HttpStatus.BAD_REQUEST);
            json(ctx, Map.of("error", "format is one of " + String.join(", ", DOWNLOAD_FORMATS)));
            return;
        }
        String spaceId = ctx.pathParam("space");
        state.finals(spaceId).ifPresentOrElse(finals -> {
            String document = TranscriptFormats.byName(format).render(finals);
            ctx.header("Content-Disposition", "attachment; filename=\"" + fileName(spaceId, format) + "\"")
                    .header("Cache-Control", "no-store")
                    .contentType(contentType(format))
                    .result(document.getBytes(StandardCharsets.UTF_8));
        }, () -> notFound(ctx));
    }

    static String fileName(String spaceId, String format) {
        String safe = spaceId.replaceAll("[^A-Za-z0-9._-]", "_");
        safe = safe.isEmpty() || safe.startsWith(".") ? "space" + safe : safe;
        if (safe.length() > 80) {
            safe = safe.substring(0, 80);
        }
        return safe + switch (format) {
            case "seed" -> ".seed.txt";
            case "blocks" -> ".blocks.txt";
            default -> "." + format;
        };
    }

    private static String contentType(String format) {
        return switch (format) {
            case "srt" -> "application/x-subrip; charset=utf-8";
            case "vtt" -> "text/vtt; charset=utf-8";
            default -> "text/plain; charset=utf-8";
        };
    }

    private void stream(SseClient client) {
        client.keepAlive();
        String space = client.ctx().queryParam("space");
        if (!hub.subscribe(client, space == null || space.isBlank() ? null : space)) {
            client.sendEvent("busy", "{}");
            client.close();
        }
    }

    private Object hubStatus() {
        try {
            return json.readTree(hub.statusJson());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void json(Context ctx, Object body) {
        try {
            ctx.header("Cache-Control", "no-store").contentType("application/json; charset=utf-8")
                    .result(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void notFound(Context ctx) {
        ctx.status(HttpStatus.NOT_FOUND);
        json(ctx, Map.of("error", "no such Space (or it has been forgotten to keep within --max-spaces)"));
    }

    // ---- what the command line prints ----

    /** The dashboard's address, without the token. */
    public URI address() {
        String host = settings.host();
        if (isWildcard(host)) {
            try {
                host = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                host = "localhost";
            }
        }
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + server.port() + "/");
    }

    /** The address to open: with {@code ?token=} when a token is needed. */
    public URI openUrl() {
        return token == null ? address() : URI.create(address() + "?token=" + token);
    }

    public boolean needsToken() {
        return token != null;
    }

    /** Whether the token was made here (so it must be printed) rather than given. */
    public boolean tokenGenerated() {
        return tokenGenerated;
    }

    public int port() {
        return server.port();
    }

    DashboardState state() {
        return state;
    }

    private static boolean isWildcard(String host) {
        try {
            return InetAddress.getByName(host).isAnyLocalAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** Stops serving and reading; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        reader.close();
        hub.close();
        if (server != null) {
            server.stop();
        }
    }

    // ---- the page's files, from the jar ----

    private static byte[] resource(String path) {
        try (InputStream in = Dashboard.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("the dashboard's " + path + " is not on the classpath; is the build complete?");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Chart.js from its WebJar, whichever version the build put there. */
    private static byte[] chartJs() {
        Properties webjar = new Properties();
        try (InputStream in = Dashboard.class.getClassLoader()
                .getResourceAsStream("META-INF/maven/org.webjars.npm/chart.js/pom.properties")) {
            if (in == null) {
                throw new IllegalStateException("Chart.js (org.webjars.npm:chart.js) is not on the classpath");
            }
            webjar.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return resource("META-INF/resources/webjars/chart.js/" + webjar.getProperty("version") + "/dist/chart.umd.min.js");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
