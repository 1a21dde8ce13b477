package io.spacecaps.cli;

import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.clients.SpaceHistory;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.embedded.TopicSetup;
import io.spacecaps.session.SessionPublisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

@Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        abbreviateSynopsis = true,
        description = {"Publishes a recording into a running Kafka as a live room would (start, roster, audio and "
                + "events in time order, end), with a progress bar. A Space id that already ended on the cluster is "
                + "refused: its audio would only be dead-lettered.%n"})
final class ReplayCommand extends SpacecapsCommand {

    @Parameters(index = "0", paramLabel = "INPUT", description = "an audio file (WAV, MP3, Ogg/Opus, M4A/AAC, FLAC or WebM) or a session manifest (.json)")
    Path input;

    @Option(names = "--speed", paramLabel = "N", description = "1 real time (default), 2 twice as fast, 0 as fast as Kafka takes it")
    double speed = 1;

    @Option(names = "--space-id", paramLabel = "ID", description = "publish under this Space id instead of the manifest's")
    String spaceId;

    @Option(names = "--new-id", description = "publish under a new Space id (the manifest's plus a random suffix)")
    boolean newId;

    private PipelineOptions connection;
    private SpacecapsConfig config;
    private Recording recording;

    ReplayCommand(CliContext context) {
        super(context);
    }

    @Override
    void declareOptions(CommandSpec spec) {
        connection = PipelineOptions.addTo(spec, PipelineOptions.CONNECTION.or(s -> s.name().equals(SpacecapsConfig.LANGUAGE)),
                false, context.environment());
    }

    @Override
    void validate() throws Exception {
        if (!connection.given(SpacecapsConfig.BOOTSTRAP)) {
            throw usage("replay needs --bootstrap HOST:PORT (start a broker with 'spacecaps broker')");
        }
        if (spaceId != null && newId) {
            throw usage("--space-id and --new-id both name the Space id; give one");
        }
        if (spaceId != null && spaceId.isBlank()) {
            throw usage("--space-id takes an id, not an empty one");
        }
        checkNotNegative("--speed", speed);
        config = connection.config(spec);
        Logging.nativeFfmpegLog(verbose);
        try {
            recording = Recording.read(input, config.defaultLanguage());
        } catch (IOException e) {
            throw usage(e.getMessage());
        }
    }

    @Override
    public Integer call() throws Exception {
        KafkaClientSettings kafka = KafkaClientSettings.of(config);
        String id = spaceId != null ? spaceId : recording.manifest().space().id();
        if (newId) {
            id = id + "-" + UUID.randomUUID().toString().substring(0, 8);
        }
        KafkaWait.until(kafka, console());
        TopicSetup.ensureAll(kafka, (short) 1);
        SpaceHistory.Ended history = SpaceHistory.endedAt(kafka, id, Duration.ofSeconds(20));
        if (history.at().isPresent()) {
            console().error("Space '" + id + "' already ended on " + kafka.bootstrapServers() + " (at " + history.at().get()
                    + "); the job would dead-letter its audio. Replay it under another id: --space-id " + id + "-2, or --new-id");
            return SpacecapsCli.FAILED;
        }
        if (!history.readThrough()) {
            console().warning("could not read all of spaces.events within 20 s to check that Space '" + id + "' is new; replaying anyway");
        }
        try (SessionPublisher publisher = new SessionPublisher(kafka)) {
            console().status("publishing Space '" + id + "' (" + recording.audio().size() + " track(s)) to " + kafka.bootstrapServers()
                    + (speed > 0 ? " at " + speed + "x" : " as fast as possible"));
            publisher.publish(recording.manifest(), recording.audio(), id, speed, 100, (done, total) -> console().progress(
                    "replaying " + Console.bar(done, total, 30) + " " + Console.seconds(done) + " / " + Console.seconds(total)));
            console().endLine();
            console().status("published Space '" + id + "'");
        }
        return SpacecapsCli.OK;
    }
}
