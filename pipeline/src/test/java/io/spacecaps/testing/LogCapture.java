package io.spacecaps.testing;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the log events of this JVM at or above a level as text, while it is open: for tests that
 * assert what the job logs (or that it never logs something), Flink's own lines included.
 */
public final class LogCapture extends AbstractAppender implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    /** The root's level before, when capturing from the root; null when capturing one logger. */
    private final Level previousRootLevel;
    /** The one logger captured, or null for the root. */
    private final String loggerName;

    private LogCapture(Level previousRootLevel, String loggerName) {
        super("spacecaps-test-capture", null, null, true, Property.EMPTY_ARRAY);
        this.previousRootLevel = previousRootLevel;
        this.loggerName = loggerName;
    }

    /**
     * Starts keeping the events of one logger (and those below it) at {@code level} or above, without
     * printing them anywhere else and without touching any other logger.
     */
    public static LogCapture start(Level level, String loggerName) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        var configuration = context.getConfiguration();
        LogCapture capture = new LogCapture(null, loggerName);
        capture.start();
        var logger = new org.apache.logging.log4j.core.config.LoggerConfig(loggerName, level, false);
        logger.addAppender(capture, level, null);
        configuration.addLogger(loggerName, logger);
        context.updateLoggers();
        return capture;
    }

    /** Starts keeping every event at {@code level} or above, from any logger. */
    public static LogCapture start(Level level) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        var root = context.getConfiguration().getRootLogger();
        LogCapture capture = new LogCapture(root.getLevel(), null);
        capture.start();
        root.addAppender(capture, level, null);
        if (root.getLevel().isMoreSpecificThan(level) && root.getLevel() != level) {
            root.setLevel(level);
        }
        context.updateLoggers();
        return capture;
    }

    @Override
    public void append(LogEvent event) {
        String thrown = event.getThrown() == null ? "" : " | " + event.getThrown();
        synchronized (lines) {
            lines.add(event.getLevel() + " " + event.getLoggerName() + " " + event.getMessage().getFormattedMessage() + thrown);
        }
    }

    /** The lines kept so far: level, logger, message and the exception's first line. */
    public List<String> lines() {
        synchronized (lines) {
            return new ArrayList<>(lines);
        }
    }

    @Override
    public void close() {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        if (loggerName != null) {
            context.getConfiguration().removeLogger(loggerName);
        } else {
            context.getConfiguration().getRootLogger().removeAppender(getName());
            context.getConfiguration().getRootLogger().setLevel(previousRootLevel);
        }
        context.updateLoggers();
        stop();
    }
}
