package io.spacecaps.cli;

import io.spacecaps.captions.CaptionFeed;
import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.kafka.Topics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.List;

@Command(name = "captions", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        abbreviateSynopsis = true,
        description = {"Shows live captions from a Kafka cluster until Ctrl-C: finals as [HH:MM:SS] [Speaker Name] text, "
                + "in Space-time order, and on a terminal the words being spoken now on a line below.%n"})
final class CaptionsCommand extends KafkaClientCommand {

    @Option(names = "--space", paramLabel = "ID", description = "only this Space's captions (default: every Space's)")
    String space;

    @Option(names = "--hold-ms", paramLabel = "MS", description = LiveView.HOLD_HELP)
    long holdMs = 1500;


    CaptionsCommand(CliContext context) {
        super(context);
    }

    @Override
    String withoutBootstrap() {
        return "captions needs --bootstrap HOST:PORT";
    }

    @Override
    void validateOptions() {
        checkNotNegative("--hold-ms", holdMs);
    }

    @Override
    public Integer call() throws Exception {
        KafkaClientSettings kafka = kafka();
        List<Topics> topics = List.of(Topics.CAPTIONS_PARTIAL, Topics.CAPTIONS_FINAL);
        KafkaWait.requireTopics(KafkaWait.until(kafka, console()), topics, kafka);
        console().status("showing captions" + (space == null ? "" : " of Space '" + space + "'") + " from " + kafka.bootstrapServers()
                + "; Ctrl-C to stop");
        LiveView view = new LiveView(console(), holdMs);
        CaptionFeed feed = new CaptionFeed(kafka, space, topics, view);
        Interrupt.await(() -> {
            feed.close();
            view.close();
        });
        return SpacecapsCli.OK;
    }
}
