package io.spacecaps.cli;

import io.spacecaps.audio.OpusTrackEncoder;
import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.clients.PublishedSpace;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.embedded.TopicSetup;
import io.spacecaps.audio.PcmAudio;
import io.spacecaps.session.SessionManifest;
import io.spacecaps.schema.AudioEncoding;
import io.spacecaps.session.SessionPublisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

@Command(name = "replay", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        abbreviateSynopsis = true,
        description = {"Publishes a recording into a running Kafka as a live room would (start, roster, audio and "
                + "events in time order, end), with a progress bar. Publishing is idempotent: run again under the same "
                + "Space id, it sends only what the cluster does not hold yet (the same keys, sequence numbers and "
                + "times), so a replay that stopped goes on where it stopped and one that finished sends nothing.%n"})
final class ReplayCommand extends SpacecapsCommand {

    @Parameters(index = "0", paramLabel = "INPUT", description = "an audio file (WAV, MP3, Ogg/Opus, M4A/AAC, FLAC or WebM) or a session manifest (.json)")
    Path input;

    @Option(names = "--speed", paramLabel = "N", description = "1 real time (default), 2 twice as fast, 0 as fast as Kafka takes it")
    double speed = 1;

    @Option(names = "--space-id", paramLabel = "ID", description = "publish under this Space id instead of the manifest's")
    String spaceId;

    @Option(names = "--new-id", description = "publish under a new Space id (the manifest's plus a random suffix)")
    boolean newId;

    @Option(names = "--from", paramLabel = "TIME", description = "begin at this point of the recording: HH:MM:SS, MM:SS "
            + "or seconds (the roster before it still goes out; its audio and who spoke do not)")
    String from;

    private long fromMs;

    @Option(names = "--encoding", paramLabel = "pcm|opus", description = "how the audio is sent: pcm (default: 16 kHz mono "
            + "PCM_S16LE, 100 ms chunks) or opus (OPUS chunks as a room's client sends them: 48 kHz mono, 20 ms packets, 5 to a chunk)")
    String encoding = "pcm";

    @Option(names = "--opus-bitrate", paramLabel = "BPS", description = "bits per second of --encoding opus (default "
            + OpusTrackEncoder.DEFAULT_BITRATE + ")")
    int opusBitrate = OpusTrackEncoder.DEFAULT_BITRATE;

    private SessionPublisher.ChunkFormat format;

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
        if (from != null) {
            try {
                fromMs = SpaceTime.parseMillis(from);
            } catch (IllegalArgumentException e) {
                throw usage("--from takes HH:MM:SS, MM:SS or seconds, not '" + from + "'");
            }
        }
        format = switch (encoding) {
            case "pcm" -> SessionPublisher.ChunkFormat.PCM;
            case "opus" -> SessionPublisher.ChunkFormat.opus(opusBitrate);
            default -> throw usage("--encoding takes pcm or opus, not '" + encoding + "'");
        };
        if (opusBitrate < 6_000 || opusBitrate > 510_000) {
            throw usage("--opus-bitrate takes 6000 to 510000 bits per second, not " + opusBitrate);
        }
        config = connection.config(spec);
        Logging.nativeFfmpegLog(verbose);
        try {
            recording = console().whileSlow("reading " + input, () -> Recording.read(input, config.defaultLanguage(), console()::warning));
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
        long length = recording.audio().values().stream().mapToLong(PcmAudio::durationMillis).max().orElse(0);
        if (fromMs >= length && length > 0) {
            console().error("--from " + from + " is past the recording's end (" + SpaceTime.format(length) + ")");
            return SpacecapsCli.USAGE;
        }
        PublishedSpace already;
        try {
            already = PublishedSpace.read(kafka, id, recording.manifest().tracks().stream().map(SessionManifest.Track::id).toList(),
                    Duration.ofSeconds(60));
        } catch (TimeoutException e) {
            console().error("could not read within 60 s what " + kafka.bootstrapServers() + " already holds of Space '" + id
                    + "', so a replay could send it twice; try again, or replay under --new-id");
            return SpacecapsCli.FAILED;
        }
        if (already.ended().isPresent()) {
            console().status("Space '" + id + "' is on " + kafka.bootstrapServers() + " in full already (it ended at "
                    + already.ended().get() + "): nothing to publish. Its transcript: spacecaps export --space " + id
                    + "; to caption the recording again as a new Space: --new-id");
            return SpacecapsCli.OK;
        }
        SessionPublisher.Plan plan = already.started().isEmpty() ? SessionPublisher.Plan.from(fromMs)
                : new SessionPublisher.Plan(already.started().get().toEpochMilli(), fromMs, already);
        if (already.started().isPresent()) {
            console().status("Space '" + id + "' is on " + kafka.bootstrapServers() + " in part already (" + already.chunkCount()
                    + " chunk(s), " + already.eventCount() + " event(s)): publishing the rest");
        }
        try (SessionPublisher publisher = new SessionPublisher(kafka)) {
            console().status("publishing Space '" + id + "' (" + recording.audio().size() + " track(s)) to " + kafka.bootstrapServers()
                    + (fromMs > 0 ? " from " + SpaceTime.format(fromMs) : "") + (speed > 0 ? " at " + speed + "x" : " as fast as possible")
                    + (format.encoding() == AudioEncoding.OPUS ? " as Opus at " + opusBitrate / 1000 + " kbit/s" : ""));
            publisher.publish(recording.manifest(), recording.audio(), id, speed, 100, format, (done, total) -> console().progress(
                    "replaying " + Console.bar(done, total, 30) + " " + Console.seconds(done) + " / " + Console.seconds(total)), plan);
            console().endLine();
            console().status("published Space '" + id + "'");
        }
        return SpacecapsCli.OK;
    }
}
