package io.spacecaps.captions;

import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.schema.WrittenToken;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Live captions in a terminal: each final as a line {@code [HH:MM:SS] [Speaker Name] text} in its
 * written form (or {@code [HH:MM:SS] [Name: captions off]} when a speaker who declined captions
 * talks), and, on an interactive terminal, the words being spoken now on one line below that updates
 * in place: the words the recogniser will not change any more as they are, the tentative rest faint.
 * On an interactive terminal a long final is wrapped between words, never inside one. Without a
 * terminal (a pipe, a CI log) only finals are printed, one a line. Names and text never reach the
 * terminal with control characters in them.
 */
public final class TerminalCaptionView implements Consumer<TranscriptEvent> {

    private static final String CLEAR_LINE = "\r\u001b[2K";
    private static final String FAINT = "\u001b[2m";
    private static final String RESET = "\u001b[0m";
    private static final String PARTIALS_APART = "  |  ";
    private static final int SHOWN_REMEMBERED = 10_000;
    /** Wrapped lines of a final start under its text, past {@code [HH:MM:SS] }. */
    private static final String HANGING_INDENT = " ".repeat("[00:00:00] ".length());

    private final PrintStream out;
    private final boolean interactive;
    private final int width;
    /** The newest partial of each track whose utterance has not been finalised yet. */
    private final Map<String, TranscriptEvent> speakingNow = new LinkedHashMap<>();
    private boolean partialShown;
    /**
     * Finals already shown, by event id: a final comes first as its provisional copy on the live
     * topic and again, committed, on captions.final (and again after a failover); it is shown once.
     */
    private final Set<String> shown = java.util.Collections.newSetFromMap(new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SHOWN_REMEMBERED;
        }
    });

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
        if (caption.getRevisionReason() != null) {
            return; // a live view keeps what it showed; the revision is for the transcript of record
        }
        TranscriptEvent current = speakingNow.get(caption.getTrackId());
        if (current != null && current.getUtteranceId().equals(caption.getUtteranceId())) {
            speakingNow.remove(caption.getTrackId());
        }
        if (!shown.add(caption.getEventId())) {
            return;
        }
        if (caption.getText().isBlank() && !ReadingOrder.isCaptionsOff(caption)) {
            redrawPartial();
            return;
        }
        if (partialShown) {
            out.print(CLEAR_LINE);
            partialShown = false;
        }
        String line = finalLine(caption);
        out.println(interactive ? String.join("\n", wrap(line, width - 1)) : line);
        redrawPartial();
    }

    /** {@code [00:01:23] [Elon Musk] What hate speech are you talking about?}, control characters removed. */
    public static String finalLine(TranscriptEvent caption) {
        String name = ReadingOrder.speakerName(caption);
        return "[" + clock(caption.getStartMs()) + "] "
                + (ReadingOrder.isCaptionsOff(caption) ? ReadingOrder.captionsOffNote(name) : "[" + name + "] " + ReadingOrder.oneLine(caption.getText()));
    }

    static String clock(long ms) {
        long s = Math.max(0, ms) / 1000;
        return String.format("%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    /** Lines of at most {@code room} characters, cut between words; later lines indented under the text. */
    static List<String> wrap(String line, int room) {
        List<String> lines = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean noWordYet = true;
        for (String word : line.split(" ")) {
            if (!noWordYet && current.length() + 1 + word.length() > room) {
                lines.add(current.toString());
                current = new StringBuilder(HANGING_INDENT);
                noWordYet = true;
            }
            current.append(noWordYet ? "" : " ").append(word);
            noWordYet = false;
        }
        lines.add(current.toString());
        return lines;
    }

    /** A stretch of the partial line: shown as it is, or faint. */
    private record Piece(String text, boolean faint) {
    }

    private void redrawPartial() {
        if (!interactive) {
            return;
        }
        List<Piece> pieces = new ArrayList<>();
        for (TranscriptEvent p : speakingNow.values()) {
            if (!pieces.isEmpty()) {
                pieces.add(new Piece(PARTIALS_APART, false));
            }
            pieces.add(new Piece("… [" + ReadingOrder.speakerName(p) + "]", false));
            String[] said = settledAndTentative(p);
            if (!said[0].isEmpty()) {
                pieces.add(new Piece(" " + said[0], false));
            }
            if (!said[1].isEmpty()) {
                pieces.add(new Piece(" " + said[1], true));
            }
        }
        pieces = newest(pieces, width - 1);
        StringBuilder line = new StringBuilder(CLEAR_LINE);
        int shown = 0;
        for (Piece piece : pieces) {
            line.append(piece.faint ? FAINT + piece.text + RESET : piece.text);
            shown += piece.text.length();
        }
        out.print(line);
        out.flush();
        partialShown = shown > 0;
    }

    /**
     * The partial's written text split where its stable words end: what it will keep, and what may
     * still change. Without written tokens for its words, its text is taken word for word when it has
     * as many, else as tentative throughout.
     */
    static String[] settledAndTentative(TranscriptEvent partial) {
        int stable = partial.getStableWords();
        List<String> settled = new ArrayList<>();
        List<String> tentative = new ArrayList<>();
        List<WrittenToken> written = partial.getWritten();
        if (CueSplitter.coversEveryWord(written, partial.getWords().size())) {
            for (WrittenToken token : written) {
                (token.getLastWord() < stable ? settled : tentative).add(token.getText());
            }
        } else {
            String text = ReadingOrder.oneLine(partial.getText());
            String[] tokens = text.isEmpty() ? new String[0] : text.split(" ");
            boolean wordForWord = tokens.length == partial.getWords().size();
            for (int i = 0; i < tokens.length; i++) {
                (wordForWord && i < stable ? settled : tentative).add(tokens[i]);
            }
        }
        return new String[]{ReadingOrder.oneLine(String.join(" ", settled)), ReadingOrder.oneLine(String.join(" ", tentative))};
    }

    /** The newest whole words that fit, behind an ellipsis: the newest words are what the viewer waits for. */
    private static List<Piece> newest(List<Piece> pieces, int room) {
        int total = pieces.stream().mapToInt(p -> p.text.length()).sum();
        if (total <= room) {
            return pieces;
        }
        int drop = total - (room - 1);
        List<Piece> kept = new ArrayList<>();
        kept.add(new Piece("…", false));
        for (Piece piece : pieces) {
            if (drop >= piece.text.length()) {
                drop -= piece.text.length();
                continue;
            }
            // Start at a word: drop the rest of the one cut, keep the space before the next.
            String rest = piece.text.substring(drop);
            int space = drop == 0 ? 0 : rest.indexOf(' ');
            if (space >= 0) {
                kept.add(new Piece(rest.substring(space), piece.faint));
            }
            drop = 0;
        }
        return kept;
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
