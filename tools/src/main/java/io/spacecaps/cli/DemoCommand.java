package io.spacecaps.cli;

import io.spacecaps.captions.CaptionFeed;
import io.spacecaps.captions.TranscriptCollector;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.dashboard.Dashboard;
import io.spacecaps.dashboard.DashboardSettings;
import io.spacecaps.embedded.EmbeddedPipeline;
import io.spacecaps.kafka.Topics;
import io.spacecaps.session.SessionPublisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

@Command(name = "demo", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        abbreviateSynopsis = true,
        description = {"Starts Kafka and the job, replays the demo Space and prints live captions: the words being "
                + "spoken on a line that updates in place, each final as [HH:MM:SS] [Speaker Name] text. "
                + "Replays until Ctrl-C unless --once. Also serves the web dashboard on 127.0.0.1 and prints its address.%n"})
final class DemoCommand extends SpacecapsCommand {

    @Option(names = "--once", description = "stop when the Space has ended (exit code 1 if a track never ended)")
    boolean once;

    @Option(names = "--speed", paramLabel = "N", description = "replay speed: 1 real time (default), 2 twice as fast")
    double speed = 1;

    @Option(names = "--hold-ms", paramLabel = "MS", description = LiveView.HOLD_HELP)
    long holdMs = 1500;

    @Option(names = "--dashboard-port", paramLabel = "N",
            description = "the web dashboard's port on 127.0.0.1 (default 8787, or any free one if that is taken; 0: any free one)")
    Integer dashboardPort;

    @Option(names = "--no-dashboard", description = "do not start the web dashboard")
    boolean noDashboard;

    private PipelineOptions pipeline;
    private SpacecapsConfig config;
    private Recording demo;

    DemoCommand(CliContext context) {
        super(context);
    }

    @Override
    void declareOptions(CommandSpec spec) {
        pipeline = PipelineOptions.addTo(spec, PipelineOptions.ALL, true, context.environment());
    }

    @Override
    void validate() throws Exception {
        checkNotNegative("--speed", speed);
        checkNotNegative("--hold-ms", holdMs);
        if (dashboardPort != null) {
            if (dashboardPort < 0 || dashboardPort > 65_535) {
                throw usage("--dashboard-port takes 0 to 65535, not " + dashboardPort);
            }
            if (noDashboard) {
                throw usage("--dashboard-port and --no-dashboard together: choose one");
            }
            if (dashboardPort != 0 && !DashboardCommand.free(InetAddress.getLoopbackAddress(), dashboardPort)) {
                throw usage("--dashboard-port " + dashboardPort + ": that port on 127.0.0.1 is already in use");
            }
        }
        config = pipeline.config(spec);
        Path manifest = context.home().resolve("data/demo-space/manifest.json");
        try {
            demo = Recording.read(manifest, config.defaultLanguage(), console()::warning);
        } catch (IOException e) {
            throw new IllegalStateException("the demo Space is missing or broken (" + e.getMessage() + "); is SPACECAPS_HOME right?", e);
        }
        Logging.nativeVoskLog(verbose);
    }

    @Override
    public Integer call() throws Exception {
        boolean embedded = !pipeline.given(SpacecapsConfig.BOOTSTRAP);
        if (!embedded) {
            KafkaWait.until(config, console());
        }
        // On a cluster the demo may have run before: an id of its own, or its audio would be dead-lettered.
        String baseId = demo.manifest().space().id() + (embedded ? "" : "-" + UUID.randomUUID().toString().substring(0, 8));
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(config, embedded, console()::status, null, this.pipeline.flinkSettings());
             Dashboard dashboard = noDashboard ? null : Dashboard.start(pipeline.kafka(), DashboardSettings.loopback(dashboardPort()))) {
            pipeline.webUi().ifPresent(ui -> console().status("Flink web UI: " + ui));
            if (dashboard != null) {
                console().status("web dashboard: " + dashboard.address() + " (open it in a browser)");
            }
            for (int round = 1; ; round++) {
                boolean ended = play(pipeline, baseId + (round == 1 ? "" : "-" + round));
                if (once) {
                    Logging.stoppingOnPurpose();
                    return ended ? SpacecapsCli.OK : SpacecapsCli.FAILED;
                }
                console().status("the Space has ended; replaying it in 5 s (Ctrl-C to stop)");
                Thread.sleep(5_000);
            }
        }
    }

    /** The port asked for, or the default if it is free, or any free one. */
    private int dashboardPort() {
        if (dashboardPort != null) {
            return dashboardPort;
        }
        return DashboardCommand.free(InetAddress.getLoopbackAddress(), DashboardSettings.DEFAULT_PORT) ? DashboardSettings.DEFAULT_PORT : 0;
    }

    private boolean play(EmbeddedPipeline pipeline, String spaceId) throws Exception {
        TranscriptCollector collector = new TranscriptCollector(demo.trackIds());
        try (LiveView view = new LiveView(console(), holdMs);
             CaptionFeed feed = new CaptionFeed(pipeline.kafka(), spaceId, List.of(Topics.CAPTIONS_PARTIAL, Topics.CAPTIONS_FINAL), c -> {
                 view.accept(c);
                 collector.accept(c);
             });
             SessionPublisher publisher = new SessionPublisher(pipeline.kafka())) {
            console().status("replaying \"" + demo.manifest().space().title() + "\" (" + Console.seconds(demo.durationMs()) + ", "
                    + demo.manifest().participants().size() + " participants) at " + speed + "x; captions below");
            publisher.publish(demo.manifest(), demo.audio(), spaceId, speed, 100, null);
            JobWatch watch = new JobWatch(pipeline);
            boolean ended = collector.awaitComplete(Duration.ofSeconds(60), watch::check);
            view.flush();
            if (!ended) {
                pipeline.checkRunning();
                console().warning("no end of track from " + collector.missingTracks() + " within 60 s of the Space's end");
            }
            return ended;
        }
    }
}
