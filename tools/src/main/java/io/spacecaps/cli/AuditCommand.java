package io.spacecaps.cli;

import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.clients.TranscriptAudit;
import io.spacecaps.kafka.Topics;
import io.spacecaps.text.ControlCharacters;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

@Command(name = "audit", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        abbreviateSynopsis = true,
        description = {"Checks the transcript of record on captions.final (read_committed) for what exactly-once "
                + "promises: every track's finals there without a hole in their numbers, and none twice. Run it when the "
                + "job's log says \"Unable to commit transaction … because its producer is already fenced … most likely "
                + "signals data loss\": after a recovery that line is usually a transaction committed again (nothing "
                + "lost, the audit is clean); a lost transaction leaves missing finals, which it names with their "
                + "times. Exit code 0 when complete, 1 when something is missing or repeated.%n"})
final class AuditCommand extends KafkaClientCommand {

    @Option(names = "--space", paramLabel = "ID", description = "only this Space (default: every Space on captions.final)")
    String space;

    AuditCommand(CliContext context) {
        super(context);
    }

    @Override
    String withoutBootstrap() {
        return "audit needs --bootstrap HOST:PORT (the Kafka cluster the job writes to)";
    }

    @Override
    void validateOptions() {
        if (space != null && space.isBlank()) {
            throw usage("--space takes a Space id, not an empty one");
        }
    }

    @Override
    public Integer call() throws Exception {
        KafkaClientSettings kafka = kafka();
        KafkaWait.requireTopics(KafkaWait.until(kafka, console()), List.of(Topics.CAPTIONS_FINAL), kafka);
        console().status("reading the committed finals" + (space == null ? "" : " of Space '" + space + "'") + " from "
                + kafka.bootstrapServers());
        List<TranscriptAudit.SpaceAudit> audits = TranscriptAudit.read(kafka, space, console()::warning, KAFKA_ANSWER_WITHIN);
        if (audits.isEmpty()) {
            console().error(space == null ? "captions.final on " + kafka.bootstrapServers() + " holds no finals"
                    : "no finals of Space '" + space + "' on " + kafka.bootstrapServers() + " (`spaces` lists the ones retained)");
            return SpacecapsCli.FAILED;
        }
        boolean complete = true;
        for (TranscriptAudit.SpaceAudit audit : audits) {
            complete &= audit.complete();
            // Ids come from producers: no control characters reach the terminal.
            String id = ControlCharacters.strip(audit.spaceId());
            String tracks = audit.lastUtterance().size() + " track(s), " + audit.ended().size() + " ended";
            if (audit.complete()) {
                System.out.println(id + ": complete: " + audit.finals() + " finals, " + tracks);
                continue;
            }
            System.out.println(id + ": INCOMPLETE: " + audit.finals() + " finals, " + tracks + "; " + audit.missing()
                    + " missing, " + audit.repeated().size() + " repeated");
            for (TranscriptAudit.Hole hole : audit.holes()) {
                System.out.println("  missing " + ControlCharacters.strip(hole.trackId()) + " utterance"
                        + (hole.count() == 1 ? " #" + hole.first() : "s #" + hole.first() + "-#" + hole.last())
                        + " (between " + SpaceTime.format(hole.afterMs()) + " and " + SpaceTime.format(hole.beforeMs()) + ")");
            }
            for (String eventId : audit.repeated()) {
                System.out.println("  repeated final " + eventId);
            }
        }
        System.out.flush();
        if (!complete) {
            console().error("finals are missing or repeated: a transaction was lost or committed twice; `backfill --space ID` "
                    + "captions a Space again from the audio Kafka retains");
            return SpacecapsCli.FAILED;
        }
        return SpacecapsCli.OK;
    }
}
