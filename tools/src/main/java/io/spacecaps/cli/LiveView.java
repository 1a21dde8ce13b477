package io.spacecaps.cli;

import io.spacecaps.captions.FinalsInSpaceOrder;
import io.spacecaps.captions.TerminalCaptionView;
import io.spacecaps.schema.TranscriptEvent;

import java.util.function.Consumer;

/**
 * Live captions on standard output, finals in Space-time order: {@link TerminalCaptionView} behind a
 * {@link FinalsInSpaceOrder} hold. A final too late for its place is told on standard error, not lost.
 */
final class LiveView implements Consumer<TranscriptEvent>, AutoCloseable {

    static final String HOLD_HELP = "how long a final caption is held so that finals print in Space-time order "
            + "across speakers (default: 1500)";

    private final TerminalCaptionView view;
    private final FinalsInSpaceOrder ordered;

    LiveView(Console console, long holdMs) {
        view = new TerminalCaptionView(System.out, Console.standardOutputIsTerminal(), columns());
        ordered = new FinalsInSpaceOrder(view, late -> console.warning("a caption came " + "after later ones were shown "
                + "(a longer --hold-ms keeps order): " + TerminalCaptionView.finalLine(late)), holdMs);
    }

    @Override
    public void accept(TranscriptEvent caption) {
        ordered.accept(caption);
    }

    /** Shows every held final, then clears the partial line. */
    void flush() {
        ordered.flush();
        view.clearPartial();
    }

    @Override
    public void close() {
        ordered.close();
        view.clearPartial();
    }

    private static int columns() {
        try {
            return Integer.parseInt(System.getProperty("spacecaps.columns", System.getenv().getOrDefault("COLUMNS", "100")));
        } catch (NumberFormatException e) {
            return 100;
        }
    }
}
