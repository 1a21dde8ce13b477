package io.spacecaps.cli;

import io.spacecaps.backfill.Backfill;
import io.spacecaps.audio.PcmAudio;
import io.spacecaps.captions.CaptionFeed;
import io.spacecaps.captions.TranscriptCollector;
import io.spacecaps.captions.TranscriptFormat;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.embedded.EmbeddedPipeline;
import io.spacecaps.eval.RecognisedWords;
import io.spacecaps.job.SpacecapsJob;
import io.spacecaps.kafka.InMemoryTopic;
import io.spacecaps.kafka.RawRecord;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.MarkerType;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.session.HeldAudio;
import io.spacecaps.session.SessionPublisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

@Command(name = "transcribe", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        abbreviateSynopsis = true,
        description = {"Runs one recording through the whole pipeline and prints its transcript on standard output; "
                + "progress and warnings go to standard error. By default the job runs in this JVM (a local Flink "
                + "MiniCluster in BATCH mode) and reads the recording's records from memory, with no Kafka broker; "
                + "--bootstrap sends them through that cluster's Kafka to a job started here, and --speed N through an "
                + "embedded broker to a live job, paced as a room would send them.%n"})
final class TranscribeCommand extends SpacecapsCommand {

    @Parameters(index = "0", paramLabel = "INPUT",
            description = "an audio file (WAV, MP3, Ogg/Opus, M4A/AAC, FLAC or WebM; any rate and channels) or a session manifest (.json)")
    Path input;

    @Option(names = "--speed", paramLabel = "N", description = "replay speed: 0 as fast as the machine allows (default), "
            + "1 real time (through Kafka, as a live room)")
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
            // The job in this JVM holds the audio twice: decoded, and as the records Kafka would hold.
            HeldAudio budget = HeldAudio.ofThisJvm(jobInThisJvm() ? 2 : 1);
            // Decoding a long recording takes a while (4 hours at 48 kHz: 20 s).
            recording = console().whileSlow("reading " + input, () -> Recording.read(input, config.defaultLanguage(), budget, console()::warning));
        } catch (IOException e) {
            throw usage(e.getMessage());
        }
        Logging.nativeVoskLog(verbose);
    }

    @Override
    public Integer call() throws Exception {
        List<TranscriptEvent> finals = jobInThisJvm() ? inThisJvm() : throughKafka(!pipeline.given(SpacecapsConfig.BOOTSTRAP));
        System.out.print(format.render(finals));
        System.out.flush();
        for (String problem : format.problems(finals)) {
            console().warning(problem);
        }
        return SpacecapsCli.OK;
    }

    /** The language the recording is recognised in: its manifest's, or the default. */
    private String language() {
        String named = recording.manifest().space().language();
        return named == null ? config.defaultLanguage() : named;
    }

    /** As fast as possible and no cluster named: the job runs here, over records held in memory; otherwise through Kafka. */
    private boolean jobInThisJvm() {
        return !pipeline.given(SpacecapsConfig.BOOTSTRAP) && speed == 0;
    }

    /**
     * The job in this JVM over the recording's records, held in memory as Kafka would hand them to it:
     * no broker to start, no checkpoints to wait for, and the model loads while the MiniCluster starts.
     * The records, the job graph, its operators and Vosk are the live job's; BATCH mode gives the
     * finals the streaming job gives (SpacecapsJobITCase, BackfillCommandITCase).
     */
    private List<TranscriptEvent> inThisJvm() throws Exception {
        long total = recording.durationMs();
        String spaceId = recording.manifest().space().id();
        // The cluster starts and the model loads while the recording becomes records.
        try (Backfill.LocalCluster cluster = Backfill.LocalCluster.start(config, pipeline.flinkSettings(), language())) {
            List<RawRecord> audio = new ArrayList<>();
            List<RawRecord> events = new ArrayList<>();
            try (SessionPublisher records = SessionPublisher.inMemory(r -> (Topics.AUDIO.topicName().equals(r.topic) ? audio : events).add(r))) {
                records.publish(recording.manifest(), recording.audio(), spaceId, 0, 100, null);
            }
            console().status("transcribing " + Console.seconds(total) + " of audio in " + recording.audio().size()
                    + " track(s) in this JVM (Flink MiniCluster, BATCH mode, parallelism " + config.parallelism() + "; no Kafka broker)");
            long started = System.nanoTime();
            Backfill.Result result;
            try (InMemoryTopic audioTopic = new InMemoryTopic(audio); InMemoryTopic eventTopic = new InMemoryTopic(events)) {
                result = Backfill.run(cluster, new SpacecapsJob.Sources(audioTopic.source(), eventTopic.source()), this::showProgress);
            }
            console().endLine();
            Logging.stoppingOnPurpose();
            if (!result.deadLetters().isEmpty()) {
                console().warning(result.deadLetters().size() + " record(s) of the recording could not be used: "
                        + result.deadLetterReasons());
            }
            TranscriptCollector collector = new TranscriptCollector(recording.trackIds());
            result.finals().forEach(collector);
            if (!collector.complete()) {
                throw new IllegalStateException("the job ended without the end of tracks " + collector.missingTracks());
            }
            return done(collector, total, started);
        }
    }

    /**
     * A run in this JVM: what it prepares, then how much of the audio Vosk has heard (every track's, as a
     * share of the recording's length), then what follows recognition (voices, names, captions).
     */
    private void showProgress(Backfill.Progress progress) {
        long total = recording.durationMs();
        long allTracks = recording.audio().values().stream().mapToLong(PcmAudio::durationMillis).sum();
        long elapsed = progress.elapsedSeconds();
        if (progress.audioRecognisedMs().isEmpty()) {
            console().progress("preparing the audio (" + elapsed + " s)");
        } else if (progress.audioRecognisedMs().getAsLong() >= allTracks) {
            console().progress("recognised; telling voices apart, naming speakers, writing captions (" + elapsed + " s)");
        } else {
            long heard = allTracks == 0 ? total : progress.audioRecognisedMs().getAsLong() * total / allTracks;
            console().progress(String.format(Locale.ROOT, "recognising %s %s of %s (%.1fx real time)",
                    Console.bar(heard, total, 30), Console.seconds(heard), Console.seconds(total),
                    elapsed > 0 ? heard / 1000.0 / elapsed : 0.0));
        }
    }

    /** Through Kafka: an embedded broker and a live job here, or the cluster --bootstrap names. */
    private List<TranscriptEvent> throughKafka(boolean embedded) throws Exception {
        long total = recording.durationMs();
        String spaceId = recording.manifest().space().id();
        SpacecapsConfig config = this.config;
        if (!embedded) {
            // On a shared cluster: a Space id of our own, and a job that reads only what this run publishes.
            spaceId = spaceId + "-" + UUID.randomUUID().toString().substring(0, 8);
            config = config.withConsumerGroup("spacecaps-transcribe-" + spaceId, String.valueOf(System.currentTimeMillis()));
            KafkaWait.until(config, console());
        }
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
                finals = done(collector, total, started);
            }
            Logging.stoppingOnPurpose();
        }
        return finals;
    }

    /** Says how long the recording took and who was talked over; returns the transcript of record. */
    private List<TranscriptEvent> done(TranscriptCollector collector, long total, long started) {
        double elapsed = (System.nanoTime() - started) / 1e9;
        List<TranscriptEvent> finals = collector.finals();
        List<TranscriptEvent> spoken = finals.stream().filter(RecognisedWords::any).toList();
        console().status(String.format(Locale.ROOT, "done: %s of audio in %.1f s (%.1fx real time), %d utterances",
                Console.seconds(total), elapsed, total / 1000.0 / elapsed, spoken.size()));
        if (spoken.isEmpty()) {
            // An empty transcript must not look like a failure to write one.
            console().warning("no words were recognised in " + Console.seconds(total) + " of audio: is it silent, too quiet,"
                    + " or not in the model's language (" + language() + ")? --language and --model choose another");
        }
        Map<String, Long> crosstalk = spoken.stream()
                .filter(f -> f.getMarkers().stream().anyMatch(m -> m.getType() == MarkerType.CROSSTALK))
                .collect(Collectors.groupingBy(f -> f.getSpeaker().getDisplayName(), TreeMap::new, Collectors.counting()));
        if (!crosstalk.isEmpty()) {
            console().status("crosstalk (utterances talked over): " + crosstalk);
        }
        return finals;
    }
}
