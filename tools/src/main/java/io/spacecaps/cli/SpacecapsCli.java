package io.spacecaps.cli;

import io.spacecaps.text.ClosestName;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code scripts/spacecaps}: the one entry point. Parses with picocli (each command's own options,
 * plus the pipeline's from {@link io.spacecaps.config.SpacecapsConfig#SETTINGS}), validates everything
 * before anything starts, and turns every failure into one line and an exit code: 0 done, 1 failed,
 * 2 the command line (or an input file it names) was rejected.
 */
@Command(name = "spacecaps", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        description = "Live captions for audio rooms: Kafka + Flink + Vosk.%n",
        footer = {"", "'spacecaps COMMAND --help' (or 'spacecaps help COMMAND') lists a command's options.",
                "Exit codes: 0 done, 1 failed, 2 the command line or its input was rejected.",
                "SPACECAPS_KAFKA_PROPERTIES=FILE: Kafka client properties (TLS, SASL) when no --kafka-properties is given.",
                "SPACECAPS_JAVA_OPTS: the JVM's options (default -Xmx3g)."})
public final class SpacecapsCli implements Callable<Integer> {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;

    private final CliContext context;

    @picocli.CommandLine.Spec
    CommandSpec spec;

    public SpacecapsCli() {
        this(CliContext.ofThisProcess());
    }

    SpacecapsCli(CliContext context) {
        this.context = context;
    }

    public static void main(String[] args) {
        int code = new SpacecapsCli().run(args);
        // Flink and Kafka leave non-daemon threads behind; the command is over.
        System.exit(code);
    }

    /** No command: the overview, as a usage error. */
    @Override
    public Integer call() {
        context.console().raw(spec.commandLine().getUsageMessage());
        return USAGE;
    }

    /** Runs a command line; returns its exit code. */
    public int run(String... args) {
        try {
            return commandLine().execute(PipelineOptions.rewriteModelOptions(args));
        } catch (OutOfMemoryError e) {
            // What ran out is gone with the stack that held it: there is room to say so in one line.
            context.console().error(String.format(Locale.ROOT, "out of memory: the JVM's heap (%.1f GB) is full; give it more,"
                    + " e.g. SPACECAPS_JAVA_OPTS=-Xmx8g", Runtime.getRuntime().maxMemory() / (double) (1L << 30)));
            return FAILED;
        }
    }

    CommandLine commandLine() {
        CommandLine cli = new CommandLine(this);
        for (Object command : List.of(
                new DemoCommand(context), new TranscribeCommand(context), new ReplayCommand(context),
                new BrokerCommand(context), new JobCommand(context), new ClusterCommand(context), new CaptionsCommand(context), new DashboardCommand(context),
                new DeadLettersCommand(context), new SpacesCommand(context), new ExportCommand(context), new AuditCommand(context), new RecordCommand(context), new HlsCommand(context), new BackfillCommand(context), new BenchCli(context), new RecordedBenchCli(context), new DiarizationBenchCli(context),
                new QualityBenchCli(context), new SoakCli(context))) {
            cli.addSubcommand(command);
        }
        cli.getSubcommands().values().forEach(sub -> {
            if (sub.getCommand() instanceof SpacecapsCommand command) {
                command.declareOptions(sub.getCommandSpec());
            }
        });
        cli.addSubcommand(new HelpCommand());
        cli.setUsageHelpWidth(Math.max(80, Math.min(120, terminalWidth())));
        cli.setExecutionStrategy(this::validateThenRun);
        cli.setParameterExceptionHandler(this::usageError);
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> failure(e, commandLine));
        return cli;
    }

    /** Logging first (validation may load things that log), then every check, then the command. */
    private int validateThenRun(ParseResult parseResult) {
        List<CommandLine> chain = parseResult.asCommandLineList();
        CommandLine last = chain.get(chain.size() - 1);
        boolean helpOrVersion = chain.stream().anyMatch(c -> c.isUsageHelpRequested() || c.isVersionHelpRequested());
        if (!helpOrVersion && last.getCommand() instanceof SpacecapsCommand command) {
            Logging.configure(command.verbose, context.console());
            try {
                command.validate();
            } catch (ParameterException e) {
                throw e;
            } catch (Exception e) {
                // A check that failed in a way of its own (a file the JVM cannot read, say): still a
                // problem with what was given, found before anything started.
                throw new ParameterException(last, describe(e), e, null, null);
            }
        }
        return new CommandLine.RunLast().execute(parseResult);
    }

    private int usageError(ParameterException e, String[] args) {
        CommandLine commandLine = e.getCommandLine();
        String name = commandLine.getCommandSpec().qualifiedName(" ");
        context.console().status(name.equals("spacecaps") ? "error: " + usageMessage(e) : "error: " + name.substring("spacecaps ".length()) + ": " + usageMessage(e));
        context.console().raw("Try '" + name + " --help' for " + (name.equals("spacecaps") ? "the commands" : "its options") + ".\n");
        return USAGE;
    }

    /** Picocli's message, or for a name it does not know, that name and the one probably meant. */
    static String usageMessage(ParameterException e) {
        if (!(e instanceof UnmatchedArgumentException unmatched) || unmatched.getUnmatched().isEmpty()) {
            return e.getMessage();
        }
        CommandSpec spec = e.getCommandLine().getCommandSpec();
        List<String> arguments = unmatched.getUnmatched();
        for (String argument : arguments) {
            if (argument.startsWith("-") && argument.length() > 1) {
                String name = argument.contains("=") ? argument.substring(0, argument.indexOf('=')) : argument;
                Optional<String> meant = ClosestName.closest(name, spec.optionsMap().keySet().stream()
                        .filter(o -> o.startsWith("--")).toList());
                return "unknown option " + name + meant.map(m -> " (did you mean " + m + "?)").orElse("");
            }
        }
        String first = arguments.get(0);
        if (!spec.subcommands().isEmpty() && spec.positionalParameters().isEmpty()) {
            List<String> commands = new ArrayList<>(spec.subcommands().keySet());
            return "unknown command '" + first + "'" + ClosestName.closest(first, commands).map(m -> " (did you mean " + m + "?)")
                    .orElse("; the commands are " + String.join(", ", commands));
        }
        return "unexpected argument '" + first + "'" + (arguments.size() > 1 ? " (and " + (arguments.size() - 1) + " more)" : "");
    }

    private int failure(Exception e, CommandLine commandLine) {
        boolean verbose = commandLine.getCommand() instanceof SpacecapsCommand c && c.verbose;
        context.console().error(describe(e));
        if (verbose) {
            StringWriter trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            context.console().raw(trace.toString());
        }
        return FAILED;
    }

    /** An exception in one line: its message, or its root cause's when it has none of its own. */
    static String describe(Throwable e) {
        Throwable shown = e;
        while ((shown.getMessage() == null || shown.getMessage().isBlank()) && shown.getCause() != null) {
            shown = shown.getCause();
        }
        String message = shown.getMessage() == null ? shown.getClass().getSimpleName() : shown.getMessage();
        return message.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
    }

    private static int terminalWidth() {
        try {
            return Integer.parseInt(System.getProperty("spacecaps.columns", System.getenv().getOrDefault("COLUMNS", "100")));
        } catch (NumberFormatException e) {
            return 100;
        }
    }
}
