package io.spacecaps.cli;

import io.spacecaps.captions.TranscriptFormat;
import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.clients.RetainedSpaces;
import io.spacecaps.clients.SpaceTranscript;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.TranscriptEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

@Command(name = "export", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        abbreviateSynopsis = true,
        description = {"Writes the transcript of a Space that Kafka still retains, live or ended: the committed finals "
                + "on captions.final (a final revised later counts by its newest revision), in any transcript format. "
                + "`spaces` lists the Spaces there are.%n"})
final class ExportCommand extends KafkaClientCommand {

    @Option(names = "--space", paramLabel = "ID", required = true, description = "the Space's id (see `spaces`)")
    String space;

    @Option(names = "--from", paramLabel = "TIME", description = "only what was said from this point of the Space on: "
            + "HH:MM:SS, MM:SS or seconds (default: its start)")
    String from;

    @Option(names = "--to", paramLabel = "TIME", description = "only what was said before this point of the Space (default: its end)")
    String to;

    @Option(names = "--out", paramLabel = "FILE", description = "write the transcript to FILE (default: standard output)")
    Path out;

    @Mixin
    TranscriptOutput output;

    private TranscriptFormat format;
    private long fromMs;
    private long toMs = Long.MAX_VALUE;

    ExportCommand(CliContext context) {
        super(context);
    }

    @Override
    String withoutBootstrap() {
        return "export needs --bootstrap HOST:PORT (the Kafka cluster the job writes to)";
    }

    @Override
    void validateOptions() {
        if (space.isBlank()) {
            throw usage("--space takes a Space id, not an empty one");
        }
        format = output.format(spec);
        fromMs = from == null ? 0 : spaceTime("--from", from);
        toMs = to == null ? Long.MAX_VALUE : spaceTime("--to", to);
        if (toMs <= fromMs) {
            throw usage("--to (" + to + ") must come after --from (" + (from == null ? "0" : from) + ")");
        }
        if (out != null && out.getParent() != null && !Files.isDirectory(out.toAbsolutePath().getParent())) {
            throw usage("--out " + out + ": no such directory " + out.toAbsolutePath().getParent());
        }
    }

    private long spaceTime(String option, String value) {
        try {
            return SpaceTime.parseMillis(value);
        } catch (IllegalArgumentException e) {
            throw usage(option + " takes HH:MM:SS, MM:SS or seconds, not '" + value + "'");
        }
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        KafkaClientSettings kafka = kafka();
        KafkaWait.requireTopics(KafkaWait.until(kafka, console()), List.of(Topics.CAPTIONS_FINAL, Topics.EVENTS), kafka);
        console().status("reading the finals of Space '" + space + "' from " + kafka.bootstrapServers());
        List<TranscriptEvent> finals = SpaceTranscript.read(kafka, space, fromMs, toMs, console()::warning, KAFKA_ANSWER_WITHIN);
        Optional<RetainedSpaces.Space> known = RetainedSpaces.read(kafka, console()::warning, KAFKA_ANSWER_WITHIN).stream()
                .filter(s -> s.id().equals(space)).findFirst();
        if (finals.isEmpty()) {
            if (known.isEmpty()) {
                console().error("no Space '" + space + "' on " + kafka.bootstrapServers() + " (`spaces` lists the ones retained)");
                return SpacecapsCli.FAILED;
            }
            console().status("Space '" + space + "' has no finals" + (from != null || to != null ? " in that range" : " yet"));
        }
        if (known.map(RetainedSpaces.Space::live).orElse(false)) {
            long upTo = finals.stream().mapToLong(TranscriptEvent::getEndMs).max().orElse(0);
            console().status("Space '" + space + "' is live: its transcript up to " + SpaceTime.format(upTo));
        }
        String document = format.render(finals);
        if (out == null) {
            System.out.print(document);
            System.out.flush();
        } else {
            Files.writeString(out, document, StandardCharsets.UTF_8);
            console().status("written " + out + " (" + finals.size() + " finals)");
        }
        for (String problem : format.problems(finals)) {
            console().warning(problem);
        }
        return SpacecapsCli.OK;
    }
}
