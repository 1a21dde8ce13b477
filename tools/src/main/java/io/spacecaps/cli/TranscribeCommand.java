package io.spacecaps.cli;

import io.spacecaps.captions.CaptionFeed;
import io.spacecaps.captions.TranscriptCollector;
import io.spacecaps.captions.TranscriptFormat;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.embedded.EmbeddedPipeline;
import io.spacecaps.eval.RecognisedWords;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.MarkerType;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.session.SessionPublisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

@Command(name = "transcribe", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        abbreviateSynopsis = true,
        description = {"Runs one recording through the whole pipeline (an embedded Kafka broker and a local Flink "
                + "MiniCluster, unless --bootstrap names a cluster) and prints its transcript on standard output; "
                + "progress and warnings go to standard error.%n"})
final class TranscribeCommand extends SpacecapsCommand {

    @Parameters(index = "0", paramLabel = "INPUT",
            description = "an audio file (WAV, MP3, Ogg/Opus, M4A/AAC, FLAC or WebM; any rate and channels) or a session manifest (.json)")
    Path input;

    @Option(names = "--speed", paramLabel = "N", description = "replay speed: 0 as fast as the machine allows (default), 1 real time")
    double speed = 0;

    @Mixin
    TranscriptOutput output;

    private PipelineOptions pipeline;
    private TranscriptFormat format;
    private SpacecapsConfig config;
    private Recording recording;

    TranscribeCommand(CliContext context) {
        super(context);
    }

    @Override
    void declareOptions(CommandSpec spec) {
        pipeline = PipelineOptions.addTo(spec, PipelineOptions.ALL, true, context.environment());
    }

    @Override
    void validate() throws Exception {
        format = output.format(spec);
        checkNotNegative("--speed", speed);
        config = pipeline.config(spec);
        Logging.nativeFfmpegLog(verbose);
        try {
            recording = Recording.read(input, config.defaultLanguage());
        } catch (IOException e) {
            throw usage(e.getMessage());
        }
        Logging.nativeVoskLog(verbose);
    }

    @Override
    public Integer call() throws Exception {
        long total = recording.durationMs();
        boolean embedded = !pipeline.given(SpacecapsConfig.BOOTSTRAP);
        String spaceId = recording.manifest().space().id();
        SpacecapsConfig config = this.config;
        if (!embedded) {
            // On a shared cluster: a Space id of our own, and a job that reads only what this run publishes.
            spaceId = spaceId + "-" + UUID.randomUUID().toString().substring(0, 8);
            config = config.withConsumerGroup("spacecaps-transcribe-" + spaceId, String.valueOf(System.currentTimeMillis()));
            KafkaWait.until(config, console());
        }
        console().status("reading " + input);
        List<TranscriptEvent> finals;
        try (EmbeddedPipeline pipeline = EmbeddedPipeline.start(config, embedded, console()::status, null, this.pipeline.flinkSettings())) {
            TranscriptCollector collector = new TranscriptCollector(recording.trackIds());
            long started = System.nanoTime();
            try (CaptionFeed feed = new CaptionFeed(pipeline.kafka(), spaceId,
                    List.of(Topics.CAPTIONS_PARTIAL, Topics.CAPTIONS_FINAL), collector);
                 SessionPublisher publisher = new SessionPublisher(pipeline.kafka())) {
                console().status("transcribing " + Console.seconds(total) + " of audio in " + recording.audio().size() + " track(s)"
                        + (speed > 0 ? " at " + speed + "x" : ""));
                JobWatch watch = new JobWatch(pipeline);
                Runnable showProgress = () -> {
                    watch.check();
                    long heard = Math.min(collector.heardUpToMs(), total);
                    double elapsed = (System.nanoTime() - started) / 1e9;
                    console().progress(String.format(Locale.ROOT, "recognising %s %s of %s (%.1fx real time)",
                            Console.bar(heard, total, 30), Console.seconds(heard), Console.seconds(total),
                            elapsed > 0 ? heard / 1000.0 / elapsed : 0.0));
                };
                publisher.publish(recording.manifest(), recording.audio(), spaceId, speed, 100, (done, all) -> showProgress.run());
                boolean complete = collector.awaitComplete(Duration.ofSeconds(120), showProgress);
                console().endLine();
                if (!complete) {
                    pipeline.checkRunning();
                    throw new IllegalStateException("no captions for 120 s and tracks " + collector.missingTracks()
                            + " never ended; is the job running? (--verbose shows its logs)");
                }
                double elapsed = (System.nanoTime() - started) / 1e9;
                finals = collector.finals();
                List<TranscriptEvent> spoken = finals.stream().filter(RecognisedWords::any).toList();
                console().status(String.format(Locale.ROOT, "done: %s of audio in %.1f s (%.1fx real time), %d utterances",
                        Console.seconds(total), elapsed, total / 1000.0 / elapsed, spoken.size()));
                Map<String, Long> crosstalk = spoken.stream()
                        .filter(f -> f.getMarkers().stream().anyMatch(m -> m.getType() == MarkerType.CROSSTALK))
                        .collect(Collectors.groupingBy(f -> f.getSpeaker().getDisplayName(), TreeMap::new, Collectors.counting()));
                if (!crosstalk.isEmpty()) {
                    console().status("crosstalk (utterances talked over): " + crosstalk);
                }
            }
            Logging.stoppingOnPurpose();
        }
        System.out.print(format.render(finals));
        System.out.flush();
        for (String problem : format.problems(finals)) {
            console().warning(problem);
        }
        return SpacecapsCli.OK;
    }
}
