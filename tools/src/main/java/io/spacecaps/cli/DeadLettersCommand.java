package io.spacecaps.cli;

import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.schema.wire.WireFormat;
import io.spacecaps.schema.wire.WireFormatException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.Map;

@Command(name = "dead-letters", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        abbreviateSynopsis = true,
        description = {"Prints the records the job rejected (topic spaces.deadletter), one a line: when, the reason, "
                + "the Space and track, where the record came from (topic[partition]@offset) and what was wrong. "
                + "Without --follow: every dead letter on the cluster now, then exits.%n"})
final class DeadLettersCommand extends KafkaClientCommand {

    @Option(names = "--space", paramLabel = "ID", description = "only this Space's")
    String space;

    @Option(names = "--follow", description = "keep printing new dead letters until Ctrl-C")
    boolean follow;

    @Option(names = "--from-beginning", description = "with --follow: print those already there first (without --follow they always are)")
    boolean fromBeginning;


    DeadLettersCommand(CliContext context) {
        super(context);
    }

    @Override
    String withoutBootstrap() {
        return "dead-letters needs --bootstrap HOST:PORT";
    }

    @Override
    public Integer call() throws Exception {
        KafkaClientSettings kafka = kafka();
        KafkaWait.requireTopics(KafkaWait.until(kafka, console()), List.of(Topics.DEAD_LETTER), kafka);
        WireFormat<DeadLetter> wire = WireFormat.of(DeadLetter.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(kafka.committedReaderProperties(Map.of()))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEAD_LETTER.topicName(), Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            if (follow && !fromBeginning) {
                consumer.seekToEnd(partitions);
            } else {
                consumer.seekToBeginning(partitions);
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            if (follow) {
                Thread main = Thread.currentThread();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    consumer.wakeup();
                    try {
                        main.join(5_000);
                    } catch (InterruptedException ignored) {
                        // Exiting anyway.
                    }
                }, "spacecaps-stop"));
                console().status("printing dead letters" + (space == null ? "" : " of Space '" + space + "'")
                        + " from " + kafka.bootstrapServers() + " as they come; Ctrl-C to stop");
            }
            int shown = 0;
            try {
                while (follow || partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        shown += print(wire, record) ? 1 : 0;
                    }
                }
            } catch (WakeupException stopping) {
                return SpacecapsCli.OK;
            }
            console().status(shown + " dead letter(s)" + (space == null ? "" : " of Space '" + space + "'") + " on " + kafka.bootstrapServers());
        }
        return SpacecapsCli.OK;
    }

    /** @return whether the record was printed (it is of the Space asked for, or no Space was) */
    private boolean print(WireFormat<DeadLetter> wire, ConsumerRecord<byte[], byte[]> record) {
        DeadLetter letter;
        try {
            letter = wire.decode(record.value());
        } catch (WireFormatException e) {
            console().warning("record " + record.topic() + "[" + record.partition() + "]@" + record.offset()
                    + " is not a DeadLetter: " + e.getMessage());
            return false;
        }
        if (space != null && !space.equals(letter.getSpaceId())) {
            return false;
        }
        System.out.println(DeadLetterLine.of(letter));
        System.out.flush();
        return true;
    }
}
