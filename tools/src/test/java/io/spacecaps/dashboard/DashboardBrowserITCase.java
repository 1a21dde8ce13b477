package io.spacecaps.dashboard;

import io.spacecaps.testing.SpaceRecords;
import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.embedded.EmbeddedKafkaBroker;
import io.spacecaps.embedded.TopicSetup;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.CaptionMarker;
import io.spacecaps.schema.MarkerType;
import io.spacecaps.schema.Role;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceStats;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.schema.wire.WireFormat;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.UnexpectedAlertBehaviour;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The dashboard in a real browser (Debian's chromium, headless, driven by chromedriver) against a
 * real Kafka broker: a Space's events, captions and stats written to the topics, read by the
 * dashboard, pushed to the page. Never skipped silently: without chromium it fails, saying what to
 * install, unless SPACECAPS_SKIP_BROWSER_TESTS=true says to skip it.
 */
class DashboardBrowserITCase {

    private static final String CHROMIUM = System.getenv().getOrDefault("SPACECAPS_CHROMIUM", "/usr/bin/chromium");
    private static final String CHROMEDRIVER = System.getenv().getOrDefault("SPACECAPS_CHROMEDRIVER", "/usr/bin/chromedriver");
    private static final String HOSTILE_NAME = "<img src=x onerror=alert(1)>";
    private static final Duration CAPTIONS_WITHIN = Duration.ofSeconds(10);

    private static EmbeddedKafkaBroker broker;
    private static KafkaProducer<byte[], byte[]> producer;

    @BeforeAll
    static void startKafka() {
        if (Boolean.parseBoolean(System.getenv("SPACECAPS_SKIP_BROWSER_TESTS"))) {
            Assumptions.abort("SPACECAPS_SKIP_BROWSER_TESTS=true");
        }
        for (String binary : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(Path.of(binary))) {
                fail(binary + " is missing: the dashboard's browser test needs Debian's chromium and chromium-driver "
                        + "(apt-get update && apt-get install -y chromium chromium-driver; .ci/run does this), "
                        + "or SPACECAPS_SKIP_BROWSER_TESTS=true to skip it on purpose");
            }
        }
        broker = EmbeddedKafkaBroker.start();
        TopicSetup.ensureAll(broker.bootstrapServers(), (short) 1);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        producer = new KafkaProducer<>(props);
    }

    @AfterAll
    static void stopKafka() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
        }
        if (broker != null) {
            broker.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends org.apache.avro.specific.SpecificRecord> void send(Topics topic, String key, T... records) throws Exception {
        for (T record : records) {
            WireFormat<T> wire = WireFormat.of((Class<T>) record.getClass());
            producer.send(new ProducerRecord<>(topic.topicName(), key.getBytes(StandardCharsets.UTF_8), wire.encode(record))).get();
        }
    }

    private static ChromeDriver browser(Path profile) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        // As root in a container: no sandbox; no traffic of Chromium's own to a network this machine has not got.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--user-data-dir=" + profile, "--window-size=1440,1000");
        // An alert must not be dismissed for us: the test looks for one.
        options.setUnhandledPromptBehaviour(UnexpectedAlertBehaviour.IGNORE);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static <V> V waitFor(WebDriver driver, Duration within, String what, Function<WebDriver, V> condition) {
        return new WebDriverWait(driver, within).withMessage(what).until(condition);
    }

    @Test
    void aSpaceLiveInTheBrowser(@TempDir Path profile) throws Exception {
        String id = "it-" + UUID.randomUUID().toString().substring(0, 8);
        SpaceRecords space = new SpaceRecords(id);
        KafkaClientSettings kafka = KafkaClientSettings.plaintext(broker.bootstrapServers());
        send(Topics.EVENTS, id, space.started("Rockets, live"), space.joined("james", "James Clayton", Role.HOST));

        Dashboard dashboard = Dashboard.start(kafka, DashboardSettings.loopback(0));
        ChromeDriver driver = browser(profile);
        try {
            JavascriptExecutor js = driver;
            driver.get(dashboard.address() + "#space=" + id);
            waitFor(driver, Duration.ofSeconds(15), "the page says it is live", d -> "up".equals(state(d)));
            js.executeScript("window.alert = () => { window.alerted = true; };");

            // A name that is markup, as a hostile participant would choose it: from now on, on its way live.
            send(Topics.EVENTS, id, space.joined("mallory", HOSTILE_NAME, Role.SPEAKER), space.joined("cy", "Cy", Role.SPEAKER));
            long sent = System.nanoTime();
            send(Topics.CAPTIONS_FINAL, id,
                    space.finalCaption("james", "James Clayton", 0, 500, 3_400, "Is there a lot of hate speech on Twitter?"),
                    withMarker(space.finalCaption(HOSTILE_ID, HOSTILE_NAME, 0, 3_900, 9_000, "What hate speech are you talking about?"),
                            MarkerType.CROSSTALK, 3_900, 4_400),
                    withMarker(space.finalCaption("james", "James Clayton", 1, 9_200, 12_000, "You know exactly what I mean."),
                            MarkerType.GAP, 10_000, 10_400),
                    space.captionsOff("cy", "Cy", 0, 12_500, 14_000));
            send(Topics.CAPTIONS_PARTIAL, id, space.partial(HOSTILE_ID, HOSTILE_NAME, 1, 4, 14_200, "I literally do not know", 3));
            waitFor(driver, CAPTIONS_WITHIN, "the captions show within " + CAPTIONS_WITHIN.toSeconds() + " s",
                    d -> d.findElements(By.cssSelector("#captions li.caption")).size() == 4);
            long shownMs = (System.nanoTime() - sent) / 1_000_000;
            List<WebElement> captions = driver.findElements(By.cssSelector("#captions li.caption"));
            assertEquals("James Clayton", captions.get(0).findElement(By.className("speaker")).getText());
            assertEquals(HOSTILE_NAME, captions.get(1).findElement(By.className("speaker")).getText(), "the name as literal text");
            assertEquals("What hate speech are you talking about?", captions.get(1).findElement(By.className("text")).getText());
            assertFalse(captions.get(1).findElements(By.cssSelector(".marker.crosstalk")).isEmpty(), "crosstalk is marked");
            assertFalse(captions.get(2).findElements(By.cssSelector(".marker.gap")).isEmpty(), "the gap is marked");
            assertEquals("[Cy: captions off]", captions.get(3).findElement(By.className("text")).getText());
            assertEquals("I literally do", driver.findElement(By.cssSelector("#speaking-now .partial .stable")).getText());
            assertEquals("not know", driver.findElement(By.cssSelector("#speaking-now .partial .tentative")).getText());
            assertNoScriptRan(driver);

            var ann = new SpaceRecords.Talk("james", "James Clayton", 5_700, 0.55f, 13, 137f);
            var bob = new SpaceRecords.Talk(HOSTILE_ID, HOSTILE_NAME, 5_100, 0.45f, 7, 82f);
            send(Topics.STATS, id, space.stats(14_000, false, List.of(ann, bob), keywords("hate", 2, "speech", 2, "twitter", 1)));
            waitFor(driver, Duration.ofSeconds(10), "the speaker chart has both speakers",
                    d -> List.of("James Clayton", HOSTILE_NAME).equals(chartLabels(d, "talk-chart")));
            assertEquals(List.of("James Clayton", HOSTILE_NAME), chartLabels(driver, "wpm-chart"));
            assertEquals("hate2", driver.findElement(By.cssSelector("#keywords li")).getText().replace("\n", "").replace(" ", ""));
            assertTrue(driver.findElement(By.id("service")).getText().contains("p50 1150 ms"), driver.findElement(By.id("service")).getText());
            assertNoScriptRan(driver);

            Path screenshot = Path.of(System.getProperty("spacecaps.home", ".."), "tools/target/dashboard.png");
            Files.createDirectories(screenshot.getParent());
            Files.copy(driver.getScreenshotAs(OutputType.FILE).toPath(), screenshot, StandardCopyOption.REPLACE_EXISTING);

            // A reload starts again from the server's state.
            driver.navigate().refresh();
            waitFor(driver, Duration.ofSeconds(10), "the reloaded page shows the same captions and chart",
                    d -> d.findElements(By.cssSelector("#captions li.caption")).size() == 4
                            && List.of("James Clayton", HOSTILE_NAME).equals(chartLabels(d, "talk-chart")));
            assertNoScriptRan(driver);

            // Search, and the match marked in its caption's text.
            driver.findElement(By.id("search-input")).sendKeys("exactly what I mean");
            driver.findElement(By.cssSelector("#search-form button")).click();
            WebElement match = waitFor(driver, Duration.ofSeconds(10), "search finds the phrase",
                    d -> d.findElements(By.cssSelector("#search-list li.match mark")).stream().findFirst().orElse(null));
            assertEquals("exactly what I mean", match.getText());

            // A download, fetched as the browser would (its cookies, its origin).
            String href = driver.findElement(By.id("download-seed")).getAttribute("href");
            Object seed = js.executeAsyncScript("const done = arguments[arguments.length - 1];"
                    + "fetch(arguments[0]).then(r => r.text()).then(done, e => done('failed: ' + e));", href);
            assertEquals("[James Clayton] Is there a lot of hate speech on Twitter?\n"
                    + "[" + HOSTILE_NAME + "] What hate speech are you talking about?\n"
                    + "[James Clayton] You know exactly what I mean.\n"
                    + "[Cy: captions off]\n", seed);

            // A dashboard restart: the new one reads the topics again, the page reconnects by itself.
            int port = dashboard.port();
            dashboard.close();
            waitFor(driver, Duration.ofSeconds(10), "the page says the dashboard is gone", d -> "down".equals(state(d)));
            dashboard = Dashboard.start(kafka, DashboardSettings.loopback(port));
            waitFor(driver, Duration.ofSeconds(20), "the page is back, rebuilt from the topics",
                    d -> "up".equals(state(d)) && d.findElements(By.cssSelector("#captions li.caption")).size() == 4);

            // Kafka away: the page says so, keeps what it has, and recovers.
            broker.stop();
            waitFor(driver, Duration.ofSeconds(15), "the page says Kafka is unreachable",
                    d -> "down".equals(state(d)) && d.findElement(By.id("connection")).getText().contains("unreachable"));
            assertEquals(4, driver.findElements(By.cssSelector("#captions li.caption")).size());
            broker.restart();
            waitFor(driver, Duration.ofSeconds(30), "the page is live again once Kafka is back", d -> "up".equals(state(d)));
            assertNoScriptRan(driver);
        } finally {
            driver.quit();
            dashboard.close();
        }
    }

    /**
     * The demo Space through the whole pipeline (embedded Kafka, Flink and Vosk, started by the
     * {@code demo} command as a user runs it), watched in the browser while it plays: both speakers'
     * captions, both in the charts, the service levels, a reload, and the summary at the end; and in
     * the terminal, where the same run prints its caption lines (one run of the demo for both views:
     * it is the suite's longest single piece of recognition).
     */
    @Test
    void theDemoSpaceLiveInTheBrowser(@TempDir Path profile) throws Exception {
        // The terminal view too: the demo prints its captions while it serves the page.
        java.io.PrintStream console = System.out;
        java.io.ByteArrayOutputStream terminal = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(terminal, true, java.nio.charset.StandardCharsets.UTF_8));
        // The demo's own messages, still shown, and read for the dashboard's address: the demo binds a
        // port of its choosing (0), since one picked free here can be taken by another JVM before it binds.
        java.io.PrintStream errors = System.err;
        java.io.ByteArrayOutputStream said = new java.io.ByteArrayOutputStream();
        System.setErr(io.spacecaps.testing.TeeStream.keeping(errors, said));
        java.util.concurrent.CompletableFuture<Integer> demo = java.util.concurrent.CompletableFuture.supplyAsync(() ->
                new io.spacecaps.cli.SpacecapsCli().run("demo", "--once", "--speed", "3", "--dashboard-port", "0",
                        "--model.en", io.spacecaps.testing.TestData.englishModel()));
        ChromeDriver driver = browser(profile);
        try {
            java.util.regex.Pattern dashboardAt = java.util.regex.Pattern.compile("web dashboard: (http://127\\.0\\.0\\.1:\\d+/)");
            String address = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (address == null && !demo.isDone()) {
                java.util.regex.Matcher at = dashboardAt.matcher(said.toString(java.nio.charset.StandardCharsets.UTF_8));
                if (at.find()) {
                    address = at.group(1);
                } else {
                    assertTrue(System.nanoTime() < deadline, "the demo's dashboard did not come up");
                    Thread.sleep(250);
                }
            }
            assertFalse(demo.isDone(), "the demo ended before its dashboard was up: exit " + (demo.isDone() ? demo.get() : ""));
            driver.get(address + "#space=demo-bbc-interview");
            long opened = System.nanoTime();
            // James Clayton first speaks 20 s into the Space; generous, for a machine busy with other tests.
            waitFor(driver, Duration.ofSeconds(180), "captions of both speakers",
                    d -> d.findElements(By.cssSelector("#captions li.caption .speaker")).stream().map(WebElement::getText)
                            .collect(java.util.stream.Collectors.toSet()).containsAll(List.of("Elon Musk", "James Clayton")));
            long bothShownMs = (System.nanoTime() - opened) / 1_000_000;
            waitFor(driver, Duration.ofSeconds(30), "the speaker chart has both speakers",
                    d -> chartLabels(d, "talk-chart").containsAll(List.of("Elon Musk", "James Clayton")));
            waitFor(driver, Duration.ofSeconds(30), "the service levels",
                    d -> d.findElement(By.id("service")).getText().matches("(?s).*p50 \\d+ ms.*"));
            int shown = driver.findElements(By.cssSelector("#captions li.caption")).size();
            driver.navigate().refresh();
            waitFor(driver, Duration.ofSeconds(15), "the reloaded page keeps what was shown",
                    d -> d.findElements(By.cssSelector("#captions li.caption")).size() >= shown);
            assertEquals(0, demo.get(5, java.util.concurrent.TimeUnit.MINUTES), "the demo ran to the Space's end");
            System.setOut(console);
            // In the terminal: nothing but caption lines, time and speaker first, both speakers.
            String printed = terminal.toString(java.nio.charset.StandardCharsets.UTF_8);
            java.util.regex.Pattern captionLine = java.util.regex.Pattern.compile("\\[\\d\\d:\\d\\d:\\d\\d] \\[(Elon Musk|James Clayton)] \\S.*");
            assertTrue(printed.lines().count() >= 10, printed);
            for (String line : printed.lines().toList()) {
                assertTrue(captionLine.matcher(line).matches(), "not a caption line: " + line);
            }
            assertTrue(printed.contains("[Elon Musk] ") && printed.contains("[James Clayton] "), printed);
            // The demo's dashboard stopped with it, the browser's stream included (the browser is still open).
            long streams = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.isAlive() && t.getName().startsWith("spacecaps-dashboard-sse-")).count();
            assertEquals(0, streams, "no stream of the demo's dashboard outlives it");
            System.out.println("demo in the browser: both speakers' captions within " + bothShownMs + " ms of opening the page");
        } finally {
            System.setOut(console);
            System.setErr(errors);
            driver.quit();
            demo.cancel(true);
        }
    }

    private static final String HOSTILE_ID = "mallory";

    /** Most frequent first, as the job writes them. */
    private static Map<String, Integer> keywords(Object... wordsAndCounts) {
        Map<String, Integer> keywords = new java.util.LinkedHashMap<>();
        for (int i = 0; i < wordsAndCounts.length; i += 2) {
            keywords.put((String) wordsAndCounts[i], (Integer) wordsAndCounts[i + 1]);
        }
        return keywords;
    }

    private static TranscriptEvent withMarker(TranscriptEvent caption, MarkerType type, long startMs, long endMs) {
        caption.setMarkers(List.of(new CaptionMarker(type, startMs, endMs)));
        return caption;
    }

    private static String state(WebDriver driver) {
        return driver.findElement(By.id("connection")).getAttribute("data-state");
    }

    @SuppressWarnings("unchecked")
    private static List<String> chartLabels(WebDriver driver, String canvas) {
        return (List<String>) ((JavascriptExecutor) driver).executeScript(
                "const c = window.Chart && Chart.getChart(arguments[0]); return c ? c.data.labels : [];", canvas);
    }

    /** No alert, no element made from a name: untrusted text stayed text. */
    private static void assertNoScriptRan(WebDriver driver) {
        assertThrows(NoAlertPresentException.class, () -> driver.switchTo().alert(), "an alert is open");
        JavascriptExecutor js = (JavascriptExecutor) driver;
        assertEquals(0L, js.executeScript("return document.querySelectorAll('img').length;"));
        assertEquals(Boolean.FALSE, js.executeScript("return window.alerted === true;"));
        assertTrue((Boolean) js.executeScript("return document.body.textContent.includes(arguments[0]);", HOSTILE_NAME));
    }
}
