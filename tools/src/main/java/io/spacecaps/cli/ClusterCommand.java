package io.spacecaps.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The standalone Flink session cluster of scripts/flink-cluster under the command line's name: the
 * script does the work (it starts JVMs that outlive this one), this command finds it, checks the
 * sub-command and hands the terminal over.
 */
@Command(name = "cluster", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class, sortOptions = false,
        abbreviateSynopsis = true,
        description = {"A standalone Flink session cluster on 127.0.0.1 (one JobManager and N TaskManager JVMs from "
                + "Maven Central's Flink jars, with Flink's web UI and REST API) and the job on it: start, submit the "
                + "job jar, savepoint (--stop to stop the job with it), submit --from-savepoint at another parallelism, "
                + "status, cancel, stop. The same as scripts/flink-cluster; `cluster help` lists every option.%n"})
final class ClusterCommand extends SpacecapsCommand {

    /** What scripts/flink-cluster knows; anything else is refused here, before a JVM starts. */
    static final Set<String> COMMANDS = Set.of("start", "submit", "status", "savepoint", "cancel", "kill-taskmanager",
            "start-taskmanager", "stop", "help");

    @Parameters(index = "0", paramLabel = "COMMAND", description = "start, submit, status, savepoint, cancel, stop, "
            + "kill-taskmanager, start-taskmanager or help")
    String command;

    @Parameters(index = "1..*", paramLabel = "ARG", description = "the command's own options and arguments (`cluster help`)")
    List<String> args = new ArrayList<>();

    ClusterCommand(CliContext context) {
        super(context);
    }

    @Override
    void declareOptions(CommandSpec spec) {
        // Everything after the command is the script's: --dir, --taskmanagers, the job's own options...
        spec.parser().stopAtPositional(true);
    }

    @Override
    void validate() {
        if (!COMMANDS.contains(command)) {
            throw usage("no cluster command '" + command + "'; the commands are " + String.join(", ", COMMANDS.stream().sorted().toList()));
        }
        if (!Files.isExecutable(script())) {
            throw usage("cannot find " + script() + " (the cluster script of this checkout)");
        }
    }

    @Override
    public Integer call() throws Exception {
        List<String> line = new ArrayList<>(List.of(script().toString(), command));
        line.addAll(args);
        Process process = new ProcessBuilder(line).inheritIO().start();
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            return SpacecapsCli.FAILED;
        }
    }

    private Path script() {
        return context.home().resolve("scripts/flink-cluster");
    }
}
