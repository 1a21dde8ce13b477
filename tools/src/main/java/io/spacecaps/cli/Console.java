package io.spacecaps.cli;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Progress and messages for people, on standard error (standard output carries captions and
 * transcripts, so it can be piped or redirected without losing progress). When standard error is a
 * terminal a progress line updates in place; elsewhere it is printed every few seconds.
 */
final class Console {

    private final PrintStream err;
    private final boolean interactive;
    private boolean lineOpen;
    private String lastSparseLine = "";
    private long lastSparseNanos;

    Console(PrintStream err, boolean interactive) {
        this.err = err;
        this.interactive = interactive;
    }

    /**
     * Standard error, interactive when it is a terminal. scripts/spacecaps tells (test -t 2):
     * Java 17 cannot, and System.console() is null as soon as standard output is redirected.
     */
    static Console standardError() {
        String told = System.getProperty("spacecaps.stderr.tty");
        return new Console(System.err, told != null ? Boolean.parseBoolean(told) : System.console() != null);
    }

    /** Whether standard output is a terminal (for the live caption view's line that updates in place). */
    static boolean standardOutputIsTerminal() {
        String told = System.getProperty("spacecaps.stdout.tty");
        return told != null ? Boolean.parseBoolean(told) : System.console() != null;
    }

    /** {@code spacecaps: message}, on a line of its own. */
    synchronized void status(String message) {
        endLine();
        err.println("spacecaps: " + message);
        err.flush();
    }

    synchronized void warning(String message) {
        status("warning: " + message);
    }

    synchronized void error(String message) {
        status("error: " + message);
    }

    /** A line as it is, without the prefix (a stack trace under --verbose, say). */
    synchronized void raw(String text) {
        endLine();
        err.print(text);
        err.flush();
    }

    synchronized void progress(String message) {
        if (interactive) {
            err.print("\r\u001b[2K" + message);
            err.flush();
            lineOpen = true;
        } else if (!message.equals(lastSparseLine) && System.nanoTime() - lastSparseNanos > 5_000_000_000L) {
            err.println(message);
            err.flush();
            lastSparseLine = message;
            lastSparseNanos = System.nanoTime();
        }
    }

    synchronized void endLine() {
        if (lineOpen) {
            err.println();
            lineOpen = false;
        }
    }

    /** What {@link #whileSlow} waits before it says anything: quick work goes unannounced. */
    static final long SLOW_AFTER_MS = 2_000;

    /**
     * Runs {@code work} on this thread; from {@link #SLOW_AFTER_MS} on, shows {@code what} and the seconds
     * so far as progress until it ends (decoding a long recording, say), so that a quiet terminal never
     * means a hung one, while quick work, and a quick refusal, print nothing.
     */
    <T> T whileSlow(String what, Callable<T> work) throws Exception {
        long started = System.nanoTime();
        Thread ticker = new Thread(() -> {
            try {
                Thread.sleep(SLOW_AFTER_MS);
                while (true) {
                    progress(what + " (" + (System.nanoTime() - started) / 1_000_000_000L + " s)");
                    Thread.sleep(1_000);
                }
            } catch (InterruptedException done) {
                // The work ended.
            }
        }, "progress: " + what);
        ticker.setDaemon(true);
        ticker.start();
        try {
            return work.call();
        } finally {
            ticker.interrupt();
            ticker.join();
            endLine();
        }
    }

    static String bar(long done, long total, int width) {
        int filled = total <= 0 ? width : (int) Math.min(width, done * width / total);
        return "[" + "#".repeat(filled) + " ".repeat(width - filled) + "]";
    }

    static String seconds(long ms) {
        return String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
