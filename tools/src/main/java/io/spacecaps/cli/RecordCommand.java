package io.spacecaps.cli;

import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.kafka.Topics;
import io.spacecaps.session.SpaceRecorder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

@Command(name = "record", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        abbreviateSynopsis = true,
        description = {"Writes a Space that Kafka still retains (spaces.audio and spaces.events) back to a session "
                + "manifest with one WAV file per track, as `replay` and `transcribe` read it: record, then replay, gives "
                + "the Space again. Each chunk is placed by its capture time on the Space's timeline; what no chunk "
                + "covers is silence.%n"})
final class RecordCommand extends KafkaClientCommand {

    @Option(names = "--space", paramLabel = "ID", required = true, description = "the Space's id (see `spaces`)")
    String space;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "a new or empty directory for manifest.json and the tracks' WAV files")
    Path out;


    RecordCommand(CliContext context) {
        super(context);
    }

    @Override
    String withoutBootstrap() {
        return "record needs --bootstrap HOST:PORT (the Kafka cluster the Space was published to)";
    }

    @Override
    void validateOptions() throws Exception {
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) {
                throw usage("--out " + out + " is a file; give a new or empty directory");
            }
            try (Stream<Path> inside = Files.list(out)) {
                if (inside.findAny().isPresent()) {
                    throw usage("--out " + out + " is not empty; give a new or empty directory (nothing is overwritten)");
                }
            }
        }
    }

    @Override
    public Integer call() throws Exception {
        KafkaClientSettings kafka = kafka();
        KafkaWait.requireTopics(KafkaWait.until(kafka, console()), List.of(Topics.EVENTS, Topics.AUDIO), kafka);
        console().status("reading Space '" + space + "' from " + kafka.bootstrapServers());
        SpaceRecorder.Recorded recorded;
        try {
            recorded = SpaceRecorder.record(kafka, space, out, console()::warning, KAFKA_ANSWER_WITHIN);
        } catch (java.io.IOException e) {
            console().error(e.getMessage());
            return SpacecapsCli.FAILED;
        }
        console().status("written " + recorded.manifest() + ": " + recorded.tracks() + " track(s), "
                + Console.seconds(recorded.durationMs()) + " of audio, " + recorded.events() + " room event(s)");
        return SpacecapsCli.OK;
    }
}
