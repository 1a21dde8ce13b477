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
    private final Level previousRootLevel;

    private LogCapture(Level previousRootLevel) {
        super("spacecaps-test-capture", null, null, true, Property.EMPTY_ARRAY);
        this.previousRootLevel = previousRootLevel;
    }

    /** Starts keeping every event at {@code level} or above, from any logger. */
    public static LogCapture start(Level level) {
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        var root = context.getConfiguration().getRootLogger();
        LogCapture capture = new LogCapture(root.getLevel());
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
        context.getConfiguration().getRootLogger().removeAppender(getName());
        context.getConfiguration().getRootLogger().setLevel(previousRootLevel);
        context.updateLoggers();
        stop();
    }
}
