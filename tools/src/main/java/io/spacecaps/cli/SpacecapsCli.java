package io.spacecaps.cli;

import io.spacecaps.audio.PcmAudio;
import io.spacecaps.captions.CaptionFeed;
import io.spacecaps.captions.TerminalCaptionView;
import io.spacecaps.captions.TranscriptCollector;
import io.spacecaps.captions.TranscriptFormat;
import io.spacecaps.captions.TranscriptFormats;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.embedded.EmbeddedPipeline;
import io.spacecaps.embedded.EmbeddedKafkaBroker;
import io.spacecaps.embedded.TopicSetup;
import io.spacecaps.kafka.Topics;
import io.spacecaps.session.SessionManifest;
import io.spacecaps.session.SessionPublisher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;

/** {@code scripts/spacecaps}: the one entry point. Thin: each command wires parts that live in their stage's package. */
public final class SpacecapsCli {

    static final String USAGE = """
            usage: spacecaps COMMAND [options]

            commands:
              demo [--once] [--speed N]              the demo Space through embedded Kafka + Flink + Vosk, live captions here
              transcribe INPUT [--format F] [--speed N]
                                                     one recording (WAV, or a session manifest .json) through the whole
                                                     pipeline; the transcript on standard output. F: seed (default),
                                                     blocks, srt, vtt, jsonl, rttm. --speed 0 (default) is as fast as possible
              replay INPUT --bootstrap HOST:PORT [--speed N] [--space-id ID]
                                                     publish a recording into a running Kafka (default speed 1 = real time)
              broker                                 run an embedded Kafka broker until Ctrl-C (prints its address)
              job --bootstrap HOST:PORT              run the Flink job locally against a Kafka cluster until Ctrl-C
              captions --bootstrap HOST:PORT [--space ID]
                                                     show live captions from a Kafka cluster
              bench [--spaces N] [--minutes M] [--out FILE]
                                                     cost, capacity, latency, accuracy and memory against bare Vosk
              diarization-bench [--out FILE]         who-spoke-when accuracy (DER, speaker-attributed WER) of mixed tracks

            common options:
              --bootstrap HOST:PORT    use this Kafka cluster instead of starting an embedded broker
              --language TAG           language when a Space does not say (default en)
              --model.TAG DIR          a Vosk model directory for a language (en ships with the build)
              --verbose                framework logs on standard error
            """;

    private final Console console = new Console();

    public static void main(String[] args) {
        int code;
        try {
            code = new SpacecapsCli().run(args);
        } catch (CliArgs.UsageException e) {
            System.err.println("spacecaps: " + e.getMessage());
            System.err.print(USAGE);
            code = 2;
        } catch (Exception e) {
            System.err.println();
            System.err.println("spacecaps: error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (Boolean.getBoolean("spacecaps.debug")) {
                e.printStackTrace();
            }
            code = 1;
        }
        // Flink and Kafka leave non-daemon threads behind; the command is over.
        System.exit(code);
    }

    int run(String[] args) throws Exception {
        if (args.length == 0 || Set.of("help", "-h", "--help").contains(args[0])) {
            System.out.print(USAGE);
            return args.length == 0 ? 2 : 0;
        }
        String command = args[0];
        CliArgs cli = CliArgs.parse(java.util.Arrays.copyOfRange(args, 1, args.length), Set.of("once", "verbose"));
        if (cli.flag("verbose")) {
            System.setProperty("spacecaps.log.level", "info");
            org.apache.logging.log4j.core.config.Configurator.setRootLevel(org.apache.logging.log4j.Level.INFO);
        }
        cli.options.remove("verbose");
        return switch (command) {
            case "demo" -> demo(cli);
            case "transcribe" -> transcribe(cli);
            case "replay" -> replay(cli);
            case "broker" -> broker();
            case "job" -> job(cli);
            case "captions" -> captions(cli);
            case "bench" -> io.spacecaps.bench.BenchCommand.run(java.util.Arrays.copyOfRange(args, 1, args.length));
            case "diarization-bench" -> io.spacecaps.bench.DiarizationBench.run(java.util.Arrays.copyOfRange(args, 1, args.length));
            default -> throw new CliArgs.UsageException("unknown command '" + command + "'");
        };
    }

    private int demo(CliArgs cli) throws Exception {
        boolean once = cli.flag("once");
        double speed = cli.number("speed", 1.0);
        cli.options.remove("once");
        cli.options.remove("speed");
        SessionManifest manifest = SessionManifest.read(demoManifest());
        Map<SessionManifest.Track, PcmAudio> audio = SessionPublisher.loadTracks(manifest);
        SpacecapsConfig config = config(cli);
        boolean embedded = !cli.options.containsKey(SpacecapsConfig.BOOTSTRAP);
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(config, embedded, console::status)) {
            Runtime.getRuntime().addShutdownHook(new Thread(pipeline::close));
            for (int round = 1; ; round++) {
                String spaceId = manifest.space().id() + (round == 1 ? "" : "-" + round);
                boolean ended = playDemo(pipeline, manifest, audio, spaceId, speed);
                if (once) {
                    return ended ? 0 : 1;
                }
                console.status("the Space has ended; replaying it in 5 s (Ctrl-C to stop)");
                Thread.sleep(5_000);
            }
        }
    }

    private boolean playDemo(EmbeddedPipeline pipeline, SessionManifest manifest, Map<SessionManifest.Track, PcmAudio> audio,
                             String spaceId, double speed) throws Exception {
        TerminalCaptionView view = new TerminalCaptionView(System.out, console.interactive(), terminalWidth());
        TranscriptCollector collector = new TranscriptCollector(manifest.tracks().stream().map(SessionManifest.Track::id).toList());
        try (CaptionFeed feed = new CaptionFeed(pipeline.bootstrapServers(), spaceId,
                List.of(Topics.CAPTIONS_PARTIAL, Topics.CAPTIONS_FINAL), c -> {
                    view.accept(c);
                    collector.accept(c);
                });
             SessionPublisher publisher = new SessionPublisher(pipeline.bootstrapServers())) {
            long total = audio.values().stream().mapToLong(PcmAudio::durationMillis).max().orElse(0);
            console.status("replaying \"" + manifest.space().title() + "\" (" + Console.seconds(total) + ", "
                    + manifest.participants().size() + " participants) at " + speed + "x; captions below");
            publisher.publish(manifest, audio, spaceId, speed, 100, null);
            boolean ended = collector.awaitComplete(Duration.ofSeconds(60), () -> {
            });
            view.clearPartial();
            if (!ended) {
                pipeline.checkRunning();
                console.status("no end of track from " + collector.missingTracks() + " within 60 s of the Space's end");
            }
            return ended;
        }
    }

    private int transcribe(CliArgs cli) throws Exception {
        if (cli.positional.size() != 1) {
            throw new CliArgs.UsageException("transcribe takes one INPUT (a WAV file or a session manifest .json)");
        }
        Path input = Path.of(cli.positional.get(0));
        String formatName = cli.get("format", "seed");
        double speed = cli.number("speed", 0);
        cli.options.remove("format");
        cli.options.remove("speed");
        TranscriptFormat format = formatByName(formatName);
        SpacecapsConfig config = config(cli);
        SessionManifest manifest = readInput(input, config.defaultLanguage());
        console.status("reading " + input);
        Map<SessionManifest.Track, PcmAudio> audio = SessionPublisher.loadTracks(manifest);
        long total = audio.values().stream().mapToLong(PcmAudio::durationMillis).max().orElse(0);

        boolean embedded = !cli.options.containsKey(SpacecapsConfig.BOOTSTRAP);
        String spaceId = manifest.space().id();
        if (!embedded) {
            // On a shared cluster: a Space id of our own, and a job that reads only what this run publishes.
            spaceId = spaceId + "-" + UUID.randomUUID().toString().substring(0, 8);
            config = config.withConsumerGroup("spacecaps-transcribe-" + spaceId, String.valueOf(System.currentTimeMillis()));
        }
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(config, embedded, console::status)) {
            TranscriptCollector collector = new TranscriptCollector(manifest.tracks().stream().map(SessionManifest.Track::id).toList());
            long started = System.nanoTime();
            try (CaptionFeed feed = new CaptionFeed(pipeline.bootstrapServers(), spaceId,
                    List.of(Topics.CAPTIONS_PARTIAL, Topics.CAPTIONS_FINAL), collector);
                 SessionPublisher publisher = new SessionPublisher(pipeline.bootstrapServers())) {
                console.status("transcribing " + Console.seconds(total) + " of audio in " + audio.size() + " track(s)"
                        + (speed > 0 ? " at " + speed + "x" : ""));
                Runnable showProgress = () -> {
                    long heard = Math.min(collector.heardUpToMs(), total);
                    double elapsed = (System.nanoTime() - started) / 1e9;
                    console.progress(String.format(java.util.Locale.ROOT, "recognising %s %s of %s (%.1fx real time)",
                            Console.bar(heard, total, 30), Console.seconds(heard), Console.seconds(total),
                            elapsed > 0 ? heard / 1000.0 / elapsed : 0.0));
                };
                publisher.publish(manifest, audio, spaceId, speed, 100, (done, all) -> showProgress.run());
                boolean complete = collector.awaitComplete(Duration.ofSeconds(120), showProgress);
                console.endLine();
                if (!complete) {
                    pipeline.checkRunning();
                    throw new IllegalStateException("no captions for 120 s and tracks " + collector.missingTracks()
                            + " never ended; is the job running? (--verbose shows its logs)");
                }
                double elapsed = (System.nanoTime() - started) / 1e9;
                List<io.spacecaps.schema.TranscriptEvent> spoken = collector.finals().stream().filter(f -> !f.getText().isBlank()).toList();
                console.status(String.format(java.util.Locale.ROOT, "done: %s of audio in %.1f s (%.1fx real time), %d utterances",
                        Console.seconds(total), elapsed, total / 1000.0 / elapsed, spoken.size()));
                Map<String, Long> crosstalk = spoken.stream()
                        .filter(f -> f.getMarkers().stream().anyMatch(m -> m.getType() == io.spacecaps.schema.MarkerType.CROSSTALK))
                        .collect(java.util.stream.Collectors.groupingBy(f -> f.getSpeaker().getDisplayName(),
                                java.util.TreeMap::new, java.util.stream.Collectors.counting()));
                if (!crosstalk.isEmpty()) {
                    console.status("crosstalk (utterances talked over): " + crosstalk);
                }
            }
            System.out.print(format.render(collector.finals()));
            System.out.flush();
        }
        return 0;
    }

    private int replay(CliArgs cli) throws Exception {
        if (cli.positional.size() != 1) {
            throw new CliArgs.UsageException("replay takes one INPUT (a WAV file or a session manifest .json)");
        }
        String bootstrap = cli.options.get(SpacecapsConfig.BOOTSTRAP);
        if (bootstrap == null) {
            throw new CliArgs.UsageException("replay needs --bootstrap HOST:PORT (start one with 'spacecaps broker')");
        }
        double speed = cli.number("speed", 1.0);
        SessionManifest manifest = readInput(Path.of(cli.positional.get(0)), cli.get(SpacecapsConfig.LANGUAGE, "en"));
        String spaceId = cli.get("space-id", manifest.space().id());
        Map<SessionManifest.Track, PcmAudio> audio = SessionPublisher.loadTracks(manifest);
        TopicSetup.ensureAll(bootstrap, (short) 1);
        try (SessionPublisher publisher = new SessionPublisher(bootstrap)) {
            console.status("publishing Space '" + spaceId + "' (" + audio.size() + " track(s)) to " + bootstrap
                    + (speed > 0 ? " at " + speed + "x" : " as fast as possible"));
            publisher.publish(manifest, audio, spaceId, speed, 100, (done, total) -> console.progress(
                    "replaying " + Console.bar(done, total, 30) + " " + Console.seconds(done) + " / " + Console.seconds(total)));
            console.endLine();
            console.status("published Space '" + spaceId + "'");
        }
        return 0;
    }

    private int broker() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            TopicSetup.ensureAll(broker.bootstrapServers(), (short) 1);
            System.out.println(broker.bootstrapServers());
            console.status("Kafka is running at " + broker.bootstrapServers() + " (log: " + broker.logFile() + "); Ctrl-C to stop");
            awaitInterrupt(broker::close);
        }
        return 0;
    }

    private int job(CliArgs cli) throws Exception {
        if (!cli.options.containsKey(SpacecapsConfig.BOOTSTRAP)) {
            throw new CliArgs.UsageException("job needs --bootstrap HOST:PORT");
        }
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(config(cli), false, console::status)) {
            console.status("the job is running against " + pipeline.bootstrapServers() + "; Ctrl-C to stop");
            awaitInterrupt(pipeline::close);
        }
        return 0;
    }

    private int captions(CliArgs cli) throws Exception {
        String bootstrap = cli.options.get(SpacecapsConfig.BOOTSTRAP);
        if (bootstrap == null) {
            throw new CliArgs.UsageException("captions needs --bootstrap HOST:PORT");
        }
        TerminalCaptionView view = new TerminalCaptionView(System.out, console.interactive(), terminalWidth());
        try (CaptionFeed feed = new CaptionFeed(bootstrap, cli.options.get("space"),
                List.of(Topics.CAPTIONS_PARTIAL, Topics.CAPTIONS_FINAL), view)) {
            awaitInterrupt(feed::close);
        }
        return 0;
    }

    private static void awaitInterrupt(Runnable onStop) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            onStop.run();
            stopped.countDown();
        }));
        stopped.await();
    }

    private SpacecapsConfig config(CliArgs cli) {
        SpacecapsConfig config = SpacecapsConfig.fromArgs(cli.asConfigArgs());
        new io.spacecaps.asr.ModelRegistry(config.modelDirs(), config.defaultLanguage()).checkDirectories();
        return config;
    }

    private static SessionManifest readInput(Path input, String language) throws IOException {
        if (!Files.isRegularFile(input)) {
            throw new IOException(input + ": no such file");
        }
        if (input.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json")) {
            return SessionManifest.read(input);
        }
        return SessionManifest.forRecording(input, language);
    }

    private static TranscriptFormat formatByName(String name) {
        try {
            return TranscriptFormats.byName(name);
        } catch (IllegalArgumentException e) {
            throw new CliArgs.UsageException(e.getMessage());
        }
    }

    private static Path demoManifest() throws IOException {
        String home = System.getProperty("spacecaps.home", System.getenv("SPACECAPS_HOME"));
        Path manifest = Path.of(home == null ? "." : home, "data", "demo-space", "manifest.json");
        if (!Files.isRegularFile(manifest)) {
            throw new IOException("the demo Space is missing: " + manifest);
        }
        return manifest;
    }

    private static int terminalWidth() {
        try {
            return Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "100"));
        } catch (NumberFormatException e) {
            return 100;
        }
    }
}
