package io.spacecaps.dashboard;

import io.spacecaps.testing.SpaceRecords;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.schema.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dashboard's HTTP side, with its state fed directly (Kafka is a closed port here: the status says so). */
class DashboardHttpTest {

    private static final String TOKEN = "test-token-0123456789";
    /** Strict JSON: NaN or a trailing comma fails the parse. */
    private static final ObjectMapper STRICT = JsonMapper.builder()
            .disable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private Dashboard dashboard;

    @AfterEach
    void stop() {
        if (dashboard != null) {
            dashboard.close();
        }
    }

    private static KafkaClientSettings nowhere() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return KafkaClientSettings.plaintext("127.0.0.1:" + socket.getLocalPort());
        }
    }

    private void startWithASpace(DashboardSettings settings) throws Exception {
        dashboard = Dashboard.start(nowhere(), settings);
        SpaceRecords space = new SpaceRecords("space/1 \"odd\"");
        DashboardState.Batch batch = new DashboardState.Batch();
        long t = 1;
        for (Object record : List.of(space.started("Rockets & <b>bold</b> \"quotes\""),
                space.joined("ann", "<img src=x onerror=alert(1)>", Role.HOST),
                space.finalCaption("ann", "<img src=x onerror=alert(1)>", 0, 0, 2_000, "We went to Mars, \"really\"."),
                space.finalCaption("bob", "Bob", 0, 2_500, 4_000, "Tell me more."),
                space.stats(4_000, false, List.of(new SpaceRecords.Talk("ann", "Ann", 2_000, Float.NaN, 6, 180f)), Map.of("mars", 1)))) {
            dashboard.state().apply(record, t++, batch);
        }
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + dashboard.port() + path))
                .timeout(Duration.ofSeconds(10));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    @Test
    void theApiAnswersInStrictJsonWithUntrustedTextAsStrings() throws Exception {
        startWithASpace(DashboardSettings.loopback(0));
        HttpResponse<String> list = get("/api/spaces");
        assertEquals(200, list.statusCode());
        assertTrue(list.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode spaces = STRICT.readTree(list.body());
        assertEquals("Rockets & <b>bold</b> \"quotes\"", spaces.get(0).get("title").asText());

        String id = java.net.URLEncoder.encode("space/1 \"odd\"", StandardCharsets.UTF_8).replace("+", "%20");
        JsonNode detail = STRICT.readTree(get("/api/spaces/" + id).body());
        assertEquals("<img src=x onerror=alert(1)>", detail.at("/captions/0/speaker").asText());
        assertEquals("We went to Mars, \"really\".", detail.at("/captions/0/text").asText());
        assertEquals(0.0, detail.at("/stats/speakers/0/talkShare").asDouble(), "NaN is no JSON number");
        assertEquals(2000, detail.get("maxCaptions").asInt());

        JsonNode search = STRICT.readTree(get("/api/spaces/" + id + "/search?q=" + "to%20mars").body());
        assertEquals(1, search.get("matches").size());
        assertEquals(8, search.at("/matches/0/start").asInt());

        JsonNode status = STRICT.readTree(get("/api/status").body());
        assertTrue(List.of("connecting", "unreachable").contains(status.get("kafka").asText()), status.toString());

        assertEquals(404, get("/api/spaces/nope").statusCode());
        assertEquals(404, get("/api/spaces/nope/transcript?format=srt").statusCode());
    }

    @Test
    void transcriptsDownloadInEachFormat() throws Exception {
        startWithASpace(DashboardSettings.loopback(0));
        String id = "space%2F1%20%22odd%22";
        HttpResponse<String> seed = get("/api/spaces/" + id + "/transcript?format=seed");
        assertEquals(200, seed.statusCode());
        assertEquals("[<img src=x onerror=alert(1)>] We went to Mars, \"really\".\n[Bob] Tell me more.\n", seed.body());
        assertEquals("attachment; filename=\"space_1__odd_.seed.txt\"", seed.headers().firstValue("Content-Disposition").orElseThrow());

        HttpResponse<String> srt = get("/api/spaces/" + id + "/transcript?format=SRT");
        assertTrue(srt.body().startsWith("1\n00:00:00,000 --> "), srt.body());
        assertTrue(srt.headers().firstValue("Content-Type").orElseThrow().startsWith("application/x-subrip"));
        HttpResponse<String> vtt = get("/api/spaces/" + id + "/transcript?format=vtt");
        assertTrue(vtt.body().startsWith("WEBVTT"), vtt.body());
        assertTrue(get("/api/spaces/" + id + "/transcript?format=blocks").body().contains("Bob:\n\nTell me more."));
        HttpResponse<String> unknown = get("/api/spaces/" + id + "/transcript?format=rtf");
        assertEquals(400, unknown.statusCode());
        assertEquals("format is one of seed, blocks, srt, vtt", STRICT.readTree(unknown.body()).get("error").asText());
    }

    @Test
    void thePageAndItsScriptsComeFromTheJarUnderAStrictPolicy() throws Exception {
        startWithASpace(DashboardSettings.loopback(0));
        HttpResponse<String> page = get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<script src=\"/app.js\" defer></script>"));
        assertFalse(page.body().contains("http://") || page.body().contains("https://"), "nothing from elsewhere");
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(policy.contains("script-src 'self'") && policy.contains("default-src 'none'"), policy);
        assertTrue(get("/vendor/chart.umd.min.js").body().contains("Chart.js v4"), "Chart.js from its WebJar");
        assertFalse(get("/app.js").body().contains("innerHTML"), "the page sets untrusted text as text only");
    }

    @Test
    void beyondLoopbackEveryRequestNeedsTheToken() throws Exception {
        startWithASpace(new DashboardSettings("127.0.0.1", 0, TOKEN, 100, 10));
        assertTrue(dashboard.needsToken());
        assertEquals(401, get("/").statusCode());
        assertEquals(401, get("/api/spaces").statusCode());
        assertEquals(401, get("/app.js").statusCode());
        assertEquals(401, get("/api/stream").statusCode());
        assertEquals(401, get("/?token=wrong-token-0000000").statusCode());

        HttpResponse<String> opened = get("/?token=" + TOKEN);
        assertEquals(303, opened.statusCode());
        assertEquals("/", opened.headers().firstValue("Location").orElseThrow());
        String cookie = opened.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith("spacecaps-dashboard-" + dashboard.port() + "=" + TOKEN), cookie);
        assertTrue(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), cookie);

        assertEquals(200, get("/", "Cookie", "spacecaps-dashboard-" + dashboard.port() + "=" + TOKEN).statusCode());
        assertEquals(200, get("/api/spaces", "Authorization", "Bearer " + TOKEN).statusCode());
        assertTrue(dashboard.openUrl().toString().endsWith("/?token=" + TOKEN));
    }

    @Test
    void onLoopbackAForeignHostNameIsRefused() throws Exception {
        startWithASpace(DashboardSettings.loopback(0));
        assertFalse(dashboard.needsToken());
        assertEquals(200, get("/api/spaces").statusCode());
        // java.net.http will not set Host: a raw request, as a rebinding page's browser would send it.
        try (Socket socket = new Socket("127.0.0.1", dashboard.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/spaces HTTP/1.1\r\nHost: evil.example:" + dashboard.port() + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String statusLine = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
            assertEquals("HTTP/1.1 403 Forbidden", statusLine);
        }
    }
}
