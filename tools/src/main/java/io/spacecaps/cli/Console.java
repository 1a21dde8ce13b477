package io.spacecaps.cli;

import java.io.PrintStream;

/**
 * Progress for people, on standard error (standard output carries captions and transcripts, so it
 * can be piped). On a terminal a progress line updates in place; elsewhere it is printed sparingly.
 */
final class Console {

    private final PrintStream err = System.err;
    private final boolean interactive = System.console() != null;
    private boolean lineOpen;
    private String lastSparseLine = "";
    private long lastSparseNanos;

    boolean interactive() {
        return interactive;
    }

    synchronized void status(String message) {
        endLine();
        err.println("spacecaps: " + message);
    }

    synchronized void progress(String message) {
        if (interactive) {
            err.print("\r\u001b[2K" + message);
            err.flush();
            lineOpen = true;
        } else if (!message.equals(lastSparseLine) && System.nanoTime() - lastSparseNanos > 5_000_000_000L) {
            err.println(message);
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

    static String bar(long done, long total, int width) {
        int filled = total <= 0 ? width : (int) Math.min(width, done * width / total);
        return "[" + "#".repeat(filled) + " ".repeat(width - filled) + "]";
    }

    static String seconds(long ms) {
        return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
    }
}
