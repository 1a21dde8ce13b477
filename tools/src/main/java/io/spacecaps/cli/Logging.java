package io.spacecaps.cli;

import io.spacecaps.asr.VoskModels;
import io.spacecaps.audio.FfmpegAudioDecoder;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

import java.util.List;

/**
 * What the logs of Flink, Kafka, the job and Vosk show a person. By default: every warning and error
 * as one line, {@code spacecaps: warning: what happened: RootCause: why}, with no stack trace, and
 * nothing else. With {@code --verbose}: everything from INFO up in Log4j's usual pattern (from
 * log4j2.properties), stack traces included, and Vosk's native log.
 */
final class Logging {

    private static final String USER_APPENDER = "spacecaps-user";

    /**
     * Loggers whose warnings a user cannot act on and whose story the command line tells itself:
     * Kafka clients warn about every failed connection attempt (the commands say once, then every
     * few seconds, that Kafka is unreachable).
     */
    private static final List<String> TOLD_BY_THE_COMMANDS = List.of("org.apache.kafka");

    /**
     * Flink warnings about things a local MiniCluster does not have and does not need: delegation
     * tokens, a log file for the web UI, metrics registered twice under one name by the Kafka sink,
     * Pekko's remarks while the JVM shuts down under it (Ctrl-C), and, in a backfill's BATCH mode, each
     * timer an operator sets again from a timer at a key's end (a wall-clock timeout re-armed), which
     * Flink drops as it should: that key's input has ended.
     */
    private static final List<String> NOTHING_TO_ACT_ON = List.of(
            "org.apache.pekko.actor.CoordinatedShutdown",
            "org.apache.flink.runtime.security.token",
            "org.apache.flink.runtime.webmonitor.WebMonitorUtils",
            "org.apache.flink.metrics.MetricGroup",
            "org.apache.flink.streaming.api.operators.sorted.state.BatchExecutionInternalTimeService");

    /**
     * Single warnings of loggers that also say things worth a line: a BATCH run (backfill, transcribe)
     * takes no checkpoints, and Flink's job master says so on every run.
     */
    private static final List<String> NOTHING_SAID = List.of("Skip setting up checkpointing for a job with dynamic graph");

    /** Set while a pipeline is being stopped on purpose; see {@link UserAppender#expectedAtShutdown}. */
    private static volatile boolean stopping;

    private Logging() {
    }

    static void configure(boolean verbose, Console console) {
        stopping = false;
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        // Start from log4j2.properties every time, so that a second run in one JVM (the tests) starts clean.
        context.reconfigure();
        Configuration config = context.getConfiguration();
        LoggerConfig root = config.getRootLogger();
        if (verbose) {
            root.setLevel(Level.INFO);
        } else {
            for (String appender : List.copyOf(root.getAppenders().keySet())) {
                root.removeAppender(appender);
            }
            UserAppender user = new UserAppender(console);
            user.start();
            config.addAppender(user);
            root.addAppender(user, Level.WARN, null);
            root.setLevel(Level.WARN);
        }
        context.updateLoggers();
        if (!verbose) {
            TOLD_BY_THE_COMMANDS.forEach(name -> Configurator.setLevel(name, Level.ERROR));
            NOTHING_TO_ACT_ON.forEach(name -> Configurator.setLevel(name, Level.ERROR));
        }
    }

    /**
     * Called just before a pipeline is stopped on purpose: cancelling the job while a checkpoint is
     * in flight makes Flink log an error about that checkpoint which says nothing about the run.
     */
    static void stoppingOnPurpose() {
        stopping = true;
    }

    /**
     * Kaldi writes to the process's stderr directly, past Log4j: its level is all there is (-2 errors
     * only, 0 everything). VoskModels applies it when it loads the first model.
     */
    static void nativeVoskLog(boolean verbose) {
        System.setProperty(VoskModels.LOG_LEVEL_PROPERTY, String.valueOf(verbose ? 0 : -2));
    }

    /** FFmpeg, which decodes the recordings that are not PCM WAV, also logs straight to stderr. */
    static void nativeFfmpegLog(boolean verbose) {
        FfmpegAudioDecoder.showLibraryLog(verbose);
    }

    /** One line per warning or error, on the console, between progress lines. */
    static final class UserAppender extends AbstractAppender {

        private static final int LONGEST = 600;
        private final Console console;
        private String lastLine = "";

        UserAppender(Console console) {
            super(USER_APPENDER, null, null, true, Property.EMPTY_ARRAY);
            this.console = console;
        }

        @Override
        public void append(LogEvent event) {
            if (stopping && expectedAtShutdown(event)
                    || NOTHING_SAID.stream().anyMatch(event.getMessage().getFormattedMessage()::startsWith)) {
                return;
            }
            String line = line(event);
            synchronized (this) {
                // A restarting job repeats itself; once is enough.
                if (line.equals(lastLine)) {
                    return;
                }
                lastLine = line;
            }
            if (event.getLevel().isMoreSpecificThan(Level.ERROR)) {
                console.error(line);
            } else {
                console.warning(line);
            }
        }

        static boolean expectedAtShutdown(LogEvent event) {
            String text = event.getMessage().getFormattedMessage()
                    + (event.getThrown() == null ? "" : " " + rootCause(event.getThrown()).getMessage());
            return text.contains("unseen checkpoint") || text.contains("Checkpoint Coordinator is suspending");
        }

        /** The message, then the root cause's type and message when they add something; one line. */
        static String line(LogEvent event) {
            String message = oneLine(event.getMessage().getFormattedMessage());
            Throwable thrown = event.getThrown();
            if (thrown != null) {
                Throwable root = rootCause(thrown);
                String cause = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + oneLine(root.getMessage()));
                message = message.replaceAll("[:.]\\s*$", "");
                if (!message.contains(cause)) {
                    message = message.isEmpty() ? cause : message + ": " + cause;
                }
            }
            return message.length() > LONGEST ? message.substring(0, LONGEST) + "… (--verbose shows all)" : message;
        }

        private static String oneLine(String text) {
            return text == null ? "" : text.replaceAll("\\s*[\\r\\n]+\\s*", " ").strip();
        }

        private static Throwable rootCause(Throwable t) {
            Throwable root = t;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            return root;
        }
    }
}
