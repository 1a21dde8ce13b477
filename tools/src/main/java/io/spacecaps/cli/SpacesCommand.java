package io.spacecaps.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.clients.RetainedSpaces;
import io.spacecaps.kafka.Topics;
import io.spacecaps.text.ControlCharacters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "spaces", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        abbreviateSynopsis = true,
        description = {"Lists the Spaces whose room events Kafka still retains (spaces.events), latest first: id, start "
                + "(UTC), length or 'live', title and speakers. `export --space ID` writes one's transcript.%n"})
final class SpacesCommand extends KafkaClientCommand {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneOffset.UTC);

    @Option(names = "--json", description = "one JSON object per Space instead of the table")
    boolean json;


    SpacesCommand(CliContext context) {
        super(context);
    }

    @Override
    String withoutBootstrap() {
        return "spaces needs --bootstrap HOST:PORT (the Kafka cluster the job reads)";
    }

    @Override
    public Integer call() throws Exception {
        KafkaClientSettings kafka = kafka();
        KafkaWait.requireTopics(KafkaWait.until(kafka, console()), List.of(Topics.EVENTS), kafka);
        List<RetainedSpaces.Space> spaces = RetainedSpaces.read(kafka, console()::warning, KAFKA_ANSWER_WITHIN);
        if (json) {
            ObjectMapper mapper = new ObjectMapper();
            for (RetainedSpaces.Space s : spaces) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", s.id());
                row.put("title", s.title());
                row.put("language", s.language());
                row.put("startedAt", s.startedAt().toString());
                row.put("endedAt", s.live() ? null : s.endedAt().toString());
                row.put("live", s.live());
                row.put("speakers", s.speakers());
                System.out.println(mapper.writeValueAsString(row));
            }
        } else {
            for (RetainedSpaces.Space s : spaces) {
                String length = s.live() ? "live" : SpaceTime.format(Duration.between(s.startedAt(), s.endedAt()).toMillis());
                // Titles and names come from producers: no control characters reach the terminal.
                System.out.println(String.join("  ", ControlCharacters.strip(s.id()), WHEN.format(s.startedAt()), length,
                        "\"" + ControlCharacters.strip(s.title() == null ? "" : s.title()) + "\"",
                        String.join(", ", s.speakers().stream().map(ControlCharacters::strip).toList())));
            }
        }
        System.out.flush();
        console().status(spaces.size() + " Space(s) on " + kafka.bootstrapServers());
        return SpacecapsCli.OK;
    }
}
