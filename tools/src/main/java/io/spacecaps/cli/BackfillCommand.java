package io.spacecaps.cli;

import io.spacecaps.backfill.Backfill;
import io.spacecaps.backfill.BackfillOutput;
import io.spacecaps.backfill.ConsentHistory;
import io.spacecaps.captions.TranscriptFormat;
import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.clients.KafkaReachability;
import io.spacecaps.clients.RetainedSpaces;
import io.spacecaps.clients.RetainedTopic;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.kafka.RetainedRange;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.TranscriptEvent;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

@Command(name = "backfill", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        abbreviateSynopsis = true,
        description = {"Runs the job again, in Flink's BATCH mode, over audio that Kafka retains (spaces.audio and "
                + "spaces.events, committed records): some Spaces, a stretch of time, or both. To re-transcribe with "
                + "another model (--model.en DIR), say. Finals go to the topic captions.backfill (--out-topic), or to one "
                + "transcript file per Space (--out-dir), written only once the whole range is recognised.%n"})
final class BackfillCommand extends SpacecapsCommand {

    /** The job's own topics: a backfill writing there would feed its own input or mislabel its output. */
    private static final Set<String> NOT_AN_OUTPUT = Set.of(Topics.AUDIO.topicName(), Topics.EVENTS.topicName(),
            Topics.CAPTIONS_PARTIAL.topicName(), Topics.DEAD_LETTER.topicName(), Topics.STATS.topicName());

    @Option(names = "--space", paramLabel = "ID", description = "a Space to re-transcribe (repeatable; see `spaces`); "
            + "default: every Space with audio in the time range")
    List<String> spaces = new ArrayList<>();

    @Option(names = "--from", paramLabel = "TIME", description = "the first audio to read, by its Kafka timestamp: "
            + "epoch milliseconds or an ISO-8601 time such as 2026-11-25T18:00:00Z (default: the earliest retained)")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "read audio stamped before this time (default: the latest committed)")
    String to;

    @Option(names = "--out-topic", paramLabel = "TOPIC", description = "the topic the finals go to, in one Kafka transaction "
            + "(default: " + BackfillOutput.DEFAULT_TOPIC + ", unless --out-dir is given; name captions.final to "
            + "write to the live transcript of record)")
    String outTopic;

    @Option(names = "--out-dir", paramLabel = "DIR", description = "write one transcript per Space there, <space>.<format>")
    Path outDir;

    @Mixin
    TranscriptOutput output;

    private PipelineOptions pipeline;
    private SpacecapsConfig config;
    private TranscriptFormat format;
    private RetainedRange range;

    BackfillCommand(CliContext context) {
        super(context);
    }

    @Override
    void declareOptions(CommandSpec spec) {
        pipeline = PipelineOptions.addTo(spec, PipelineOptions.ALL, true, context.environment());
    }

    @Override
    void validate() {
        if (!pipeline.given(SpacecapsConfig.BOOTSTRAP)) {
            throw usage("backfill needs --bootstrap HOST:PORT (the Kafka cluster that retains the audio)");
        }
        for (String space : spaces) {
            if (space.isBlank()) {
                throw usage("--space takes a Space id, not an empty one");
            }
        }
        Long fromMs = from == null ? null : kafkaTime("--from", from);
        Long toMs = to == null ? null : kafkaTime("--to", to);
        if (fromMs != null && toMs != null && toMs <= fromMs) {
            throw usage("--to (" + to + ") must come after --from (" + from + ")");
        }
        if (outTopic != null && (outTopic.isBlank() || NOT_AN_OUTPUT.contains(outTopic))) {
            throw usage("--out-topic " + outTopic + (outTopic.isBlank() ? ": a topic name, please"
                    : " is one of the job's own topics; finals go to " + BackfillOutput.DEFAULT_TOPIC + " or a topic of their own"));
        }
        if (outDir != null && Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw usage("--out-dir " + outDir + " is a file, not a directory");
        }
        boolean formatGiven = spec.commandLine().getParseResult().matchedOptions().stream()
                .anyMatch(o -> o.longestName().equals("--format") || o.longestName().startsWith("--cue-"));
        if (formatGiven && outDir == null) {
            throw usage("--format and the cue options shape the files of --out-dir; give --out-dir DIR too");
        }
        format = output.format(spec);
        config = pipeline.config(spec);
        range = new RetainedRange(new LinkedHashSet<>(spaces), fromMs, toMs);
        Logging.nativeVoskLog(verbose);
    }

    private long kafkaTime(String option, String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException notMillis) {
            try {
                return Instant.parse(value).toEpochMilli();
            } catch (DateTimeParseException notIso) {
                throw usage(option + " takes epoch milliseconds or an ISO-8601 time such as 2026-11-25T18:00:00Z, not '" + value + "'");
            }
        }
    }

    /** The topic the finals go to, or null for files only. */
    private String topic() {
        return outTopic != null ? outTopic : outDir == null ? BackfillOutput.DEFAULT_TOPIC : null;
    }

    @Override
    public Integer call() throws Exception {
        KafkaClientSettings kafka = KafkaClientSettings.of(config);
        Set<String> topics = reachable(kafka);
        KafkaWait.requireTopics(topics, List.of(Topics.AUDIO, Topics.EVENTS), kafka);
        if (!spaces.isEmpty()) {
            Set<String> known = RetainedSpaces.read(kafka, console()::warning, KafkaClientCommand.KAFKA_ANSWER_WITHIN).stream()
                    .map(RetainedSpaces.Space::id).collect(Collectors.toSet());
            List<String> unknown = spaces.stream().filter(s -> !known.contains(s)).toList();
            if (!unknown.isEmpty()) {
                console().error("no Space " + unknown.stream().map(s -> "'" + s + "'").collect(Collectors.joining(", "))
                        + " on " + kafka.bootstrapServers() + " (`spaces` lists the ones retained)");
                return SpacecapsCli.FAILED;
            }
        }
        List<SpaceEvent> events = new ArrayList<>();
        RetainedTopic.<SpaceEvent>read(kafka, Topics.EVENTS, null, events::add, console()::warning, KafkaClientCommand.KAFKA_ANSWER_WITHIN);
        List<ConsentHistory.AllowedLater> atRisk = ConsentHistory.declinedThenAllowed(events, range.spaces(), range.fromMs(), range.toMs());
        if (!atRisk.isEmpty()) {
            ConsentHistory.AllowedLater first = atRisk.get(0);
            console().error("participant '" + first.participantId() + "' of Space '" + first.spaceId() + "' declined captions at "
                    + first.declinedAt() + " and allowed them at " + first.allowedAt() + "; a backfill reads the room's last word "
                    + "on consent, so what they said while declining would be captioned: backfill from --from " + first.allowedAt()
                    + (atRisk.size() > 1 ? " (and " + (atRisk.size() - 1) + " more such participant(s))" : ""));
            return SpacecapsCli.FAILED;
        }
        long records = audioRecordsInRange(kafka);
        if (records == 0) {
            console().error("no audio on " + Topics.AUDIO.topicName() + " " + describeRange() + " on " + kafka.bootstrapServers());
            return SpacecapsCli.FAILED;
        }
        console().status("backfilling " + (spaces.isEmpty() ? "every Space" : "Space " + String.join(", ", spaces)) + " "
                + describeRange() + " (" + records + " audio records on " + Topics.AUDIO.topicName()
                + (spaces.isEmpty() ? "" : ", other Spaces' among them skipped unheard") + ") in BATCH mode");
        long started = System.nanoTime();
        Backfill.Result result = Backfill.run(config, range, pipeline.flinkSettings(),
                progress -> console().progress("recognising in BATCH mode (finals come when the whole range is done): "
                        + progress.elapsedSeconds() + " s"));
        console().endLine();
        Logging.stoppingOnPurpose();
        double elapsed = (System.nanoTime() - started) / 1e9;
        List<TranscriptEvent> finals = result.finals();
        Map<String, Long> perSpace = finals.stream().collect(Collectors.groupingBy(TranscriptEvent::getSpaceId, TreeMap::new,
                Collectors.counting()));
        long spokenUpTo = finals.stream().mapToLong(TranscriptEvent::getEndMs).max().orElse(0);
        console().status(String.format(Locale.ROOT, "recognised in %.1f s: %d finals in %d Space(s) %s, speech up to %s",
                elapsed, finals.size(), perSpace.size(), perSpace, SpaceTime.format(spokenUpTo)));
        if (!result.deadLetters().isEmpty()) {
            console().warning(result.deadLetters().size() + " record(s) could not be used: " + result.deadLetterReasons()
                    + " (the live job's dead letters on " + Topics.DEAD_LETTER.topicName() + " say which)");
        }
        if (finals.isEmpty()) {
            console().warning("no finals: the range holds no speech" + (spaces.isEmpty() ? "" : " of the Space(s) asked for")
                    + "; nothing written");
            return SpacecapsCli.OK;
        }
        String topic = topic();
        if (topic != null) {
            BackfillOutput.publish(kafka, topic, finals);
            console().status("written " + finals.size() + " finals to " + topic + " on " + kafka.bootstrapServers()
                    + " (one transaction)");
        }
        if (outDir != null) {
            for (Path file : BackfillOutput.writeFiles(outDir, format, output.formatName.toLowerCase(Locale.ROOT), finals)) {
                console().status("written " + file);
            }
            for (String problem : format.problems(finals)) {
                console().warning(problem);
            }
        }
        return SpacecapsCli.OK;
    }

    /** A backfill is a one-off run: it does not wait for a cluster that does not answer, it says so and stops. */
    private Set<String> reachable(KafkaClientSettings kafka) throws InterruptedException {
        try {
            return KafkaReachability.await(kafka, unreachable -> {
                throw new Unreachable(unreachable.replace("; still trying, Ctrl-C to stop", "") + "; nothing was read");
            });
        } catch (Unreachable e) {
            throw new IllegalStateException(e.getMessage());
        }
    }

    private static final class Unreachable extends RuntimeException {
        Unreachable(String message) {
            super(message, null, false, false);
        }
    }

    /** How many audio records the time range holds, over every Space (committed offsets, as the job reads). */
    private long audioRecordsInRange(KafkaClientSettings kafka) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.committedReaderProperties(Map.of()))) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (PartitionInfo p : consumer.partitionsFor(Topics.AUDIO.topicName(), KafkaClientCommand.KAFKA_ANSWER_WITHIN)) {
                partitions.add(new TopicPartition(p.topic(), p.partition()));
            }
            Map<TopicPartition, Long> first = offsets(consumer, partitions, range.fromMs(), consumer.beginningOffsets(partitions));
            Map<TopicPartition, Long> end = offsets(consumer, partitions, range.toMs(), consumer.endOffsets(partitions));
            return partitions.stream().mapToLong(p -> Math.max(0, end.get(p) - first.get(p))).sum();
        }
    }

    /** Each partition's first offset at or after {@code atMs}; where there is none, or no time is given, {@code otherwise}. */
    private static Map<TopicPartition, Long> offsets(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions,
                                                     Long atMs, Map<TopicPartition, Long> otherwise) {
        Map<TopicPartition, Long> offsets = new HashMap<>(otherwise);
        if (atMs == null) {
            return offsets;
        }
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, atMs));
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        for (Map.Entry<TopicPartition, OffsetAndTimestamp> found : consumer.offsetsForTimes(query).entrySet()) {
            offsets.put(found.getKey(), found.getValue() == null ? end.get(found.getKey()) : found.getValue().offset());
        }
        return offsets;
    }

    private String describeRange() {
        if (from == null && to == null) {
            return "(all retained)";
        }
        return (from == null ? "" : "from " + Instant.ofEpochMilli(range.fromMs()) + " ")
                + (to == null ? "up to the latest" : "before " + Instant.ofEpochMilli(range.toMs()));
    }
}
