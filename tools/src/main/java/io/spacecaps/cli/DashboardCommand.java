package io.spacecaps.cli;

import io.spacecaps.clients.KafkaClientSettings;
import io.spacecaps.dashboard.Dashboard;
import io.spacecaps.dashboard.DashboardSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;

@Command(name = "dashboard", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        abbreviateSynopsis = true,
        description = {"Serves a web dashboard of a Kafka cluster's Spaces until Ctrl-C: live and ended Spaces, rolling "
                + "captions, talk time and words per minute per speaker, keywords, latency and lag, search and "
                + "transcript downloads. Prints its address on standard output. On loopback (the default) it needs "
                + "no token; bound to any other address it needs an access token, generated and printed unless --token.%n"})
final class DashboardCommand extends KafkaClientCommand {

    @Option(names = "--host", paramLabel = "ADDRESS",
            description = "the address to listen on (default 127.0.0.1: this machine only; 0.0.0.0: every interface, with a token)")
    String host = DashboardSettings.DEFAULT_HOST;

    @Option(names = "--port", paramLabel = "N", description = "the port to listen on (default 8787; 0: any free port)")
    int port = DashboardSettings.DEFAULT_PORT;

    @Option(names = "--token", paramLabel = "TOKEN",
            description = "the access token browsers must bring (at least 12 letters, digits or . _ ~ -); "
                    + "default: none on loopback, a generated one on any other address")
    String token;

    @Option(names = "--max-captions", paramLabel = "N", description = "captions kept per Space, the newest (default 2000)")
    int maxCaptions = DashboardSettings.DEFAULT_MAX_CAPTIONS;

    @Option(names = "--max-spaces", paramLabel = "N",
            description = "Spaces kept; past that the one that ended longest ago is forgotten first (default 50)")
    int maxSpaces = DashboardSettings.DEFAULT_MAX_SPACES;

    private DashboardSettings settings;

    DashboardCommand(CliContext context) {
        super(context);
    }

    @Override
    String withoutBootstrap() {
        return null;
    }

    @Override
    void validateOptions() {
        if (port < 0 || port > 65_535) {
            throw usage("--port takes 0 to 65535, not " + port);
        }
        if (maxCaptions < 1) {
            throw usage("--max-captions takes 1 or more, not " + maxCaptions);
        }
        if (maxSpaces < 1) {
            throw usage("--max-spaces takes 1 or more, not " + maxSpaces);
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw usage("--host " + host + " does not resolve to an address of this machine");
        }
        try {
            settings = new DashboardSettings(host, port, token, maxCaptions, maxSpaces);
        } catch (IllegalArgumentException e) {
            throw usage("--token: " + e.getMessage());
        }
        if (port != 0 && !free(address, port)) {
            throw usage("--port " + port + ": that port on " + host + " is already in use (or the address is not this machine's)");
        }
    }

    static boolean free(InetAddress address, int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, address)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Integer call() throws Exception {
        KafkaClientSettings kafka = kafka();
        try (Dashboard dashboard = Dashboard.start(kafka, settings)) {
            // The token the user chose is theirs to keep out of logs; one made here must be shown once.
            System.out.println(dashboard.tokenGenerated() ? dashboard.openUrl() : dashboard.address());
            System.out.flush();
            console().status(describe(dashboard) + "; reading Kafka at " + kafka + "; Ctrl-C to stop");
            Interrupt.await(dashboard::close);
        }
        return SpacecapsCli.OK;
    }

    /** What a person needs to know to open it: where, and whether (and how) it wants a token. */
    static String describe(Dashboard dashboard) {
        if (!dashboard.needsToken()) {
            return "dashboard at " + dashboard.address() + " (loopback: only this machine can open it; no token)";
        }
        return "dashboard at " + dashboard.address() + ", reachable beyond this machine, so it needs its access token: "
                + (dashboard.tokenGenerated() ? "open " + dashboard.openUrl()
                : "open " + dashboard.address() + "?token=TOKEN with the token given to --token")
                + " (scripts: 'Authorization: Bearer TOKEN')";
    }
}
