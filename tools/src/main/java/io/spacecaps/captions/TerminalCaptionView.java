package io.spacecaps.captions;

import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Live captions in a terminal: each final as a line {@code [HH:MM:SS] [Speaker Name] text}, and, on
 * an interactive terminal, the words being spoken now on one line below that updates in place.
 * Without a terminal (a pipe, a CI log) only finals are printed.
 */
public final class TerminalCaptionView implements Consumer<TranscriptEvent> {

    private static final String CLEAR_LINE = "\r\u001b[2K";

    private final PrintStream out;
    private final boolean interactive;
    private final int width;
    /** The newest partial of each track whose utterance has not been finalised yet. */
    private final Map<String, TranscriptEvent> speakingNow = new LinkedHashMap<>();
    private boolean partialShown;

    public TerminalCaptionView(PrintStream out, boolean interactive, int width) {
        this.out = out;
        this.interactive = interactive;
        this.width = Math.max(40, width);
    }

    @Override
    public synchronized void accept(TranscriptEvent caption) {
        if (caption.getKind() == TranscriptKind.PARTIAL) {
            TranscriptEvent current = speakingNow.get(caption.getTrackId());
            boolean newer = current == null || !current.getUtteranceId().equals(caption.getUtteranceId())
                    || current.getRevision() < caption.getRevision();
            if (newer) {
                speakingNow.put(caption.getTrackId(), caption);
                redrawPartial();
            }
            return;
        }
        TranscriptEvent current = speakingNow.get(caption.getTrackId());
        if (current != null && current.getUtteranceId().equals(caption.getUtteranceId())) {
            speakingNow.remove(caption.getTrackId());
        }
        if (caption.getText().isBlank()) {
            redrawPartial();
            return;
        }
        if (partialShown) {
            out.print(CLEAR_LINE);
            partialShown = false;
        }
        out.println(finalLine(caption));
        redrawPartial();
    }

    /** {@code [00:01:23] [Elon Musk] what hate speech are you talking about} */
    public static String finalLine(TranscriptEvent caption) {
        return "[" + clock(caption.getStartMs()) + "] [" + caption.getSpeaker().getDisplayName() + "] " + caption.getText();
    }

    static String clock(long ms) {
        long s = Math.max(0, ms) / 1000;
        return String.format("%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    private void redrawPartial() {
        if (!interactive) {
            return;
        }
        StringBuilder line = new StringBuilder();
        for (TranscriptEvent p : speakingNow.values()) {
            if (line.length() > 0) {
                line.append("  |  ");
            }
            line.append("… [").append(p.getSpeaker().getDisplayName()).append("] ").append(p.getText());
        }
        String text = line.toString();
        if (text.length() > width - 1) {
            // Keep the newest words in view: they are what the viewer is waiting for.
            text = "…" + text.substring(text.length() - (width - 2));
        }
        out.print(CLEAR_LINE + "\u001b[2m" + text + "\u001b[0m");
        out.flush();
        partialShown = !text.isEmpty();
    }

    /** Removes a partial line left on screen, before other output. */
    public synchronized void clearPartial() {
        if (partialShown) {
            out.print(CLEAR_LINE);
            out.flush();
            partialShown = false;
        }
    }
}
