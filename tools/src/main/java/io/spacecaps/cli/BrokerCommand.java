package io.spacecaps.cli;

import io.spacecaps.embedded.EmbeddedKafkaBroker;
import io.spacecaps.embedded.TopicSetup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "broker", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        abbreviateSynopsis = true,
        description = {"Runs a single-node Kafka broker (KRaft) on 127.0.0.1 until Ctrl-C, with the pipeline's topics, "
                + "and prints its address on standard output.%n"})
final class BrokerCommand extends SpacecapsCommand {

    @Option(names = "--port", paramLabel = "N", description = "the port to listen on (default 0: any free port)")
    int port = 0;

    BrokerCommand(CliContext context) {
        super(context);
    }

    @Override
    void validate() {
        if (port < 0 || port > 65_535) {
            throw usage("--port takes 0 to 65535, not " + port);
        }
        if (port != 0 && !EmbeddedKafkaBroker.isFree(port)) {
            throw usage("--port " + port + ": that port on 127.0.0.1 is already in use");
        }
    }

    @Override
    public Integer call() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port)) {
            TopicSetup.ensureAll(broker.bootstrapServers(), (short) 1);
            System.out.println(broker.bootstrapServers());
            System.out.flush();
            console().status("Kafka is running at " + broker.bootstrapServers() + " (log: " + broker.logFile() + "); Ctrl-C to stop");
            Interrupt.await(broker::close);
        }
        return SpacecapsCli.OK;
    }
}
