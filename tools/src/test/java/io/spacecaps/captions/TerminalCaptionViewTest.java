package io.spacecaps.captions;

import static io.spacecaps.captions.Utterances.ELON;
import static io.spacecaps.captions.Utterances.written;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.Speaker;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TerminalCaptionViewTest {

    private static final String CLEAR = "\r\u001b[2K";
    private static final String FAINT = "\u001b[2m";
    private static final String RESET = "\u001b[0m";

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    private TerminalCaptionView view(boolean interactive, int width) {
        return new TerminalCaptionView(new PrintStream(bytes, true, StandardCharsets.UTF_8), interactive, width);
    }

    private String shown() {
        String s = bytes.toString(StandardCharsets.UTF_8);
        bytes.reset();
        return s;
    }

    /** A partial of the utterance {@code t#0} whose first {@code stable} words will not change. */
    private static TranscriptEvent partial(int revision, int stable, String... tokens) {
        TranscriptEvent said = written(ELON, "t", 0, 0, 300, tokens);
        return TranscriptEvent.newBuilder(said).setKind(TranscriptKind.PARTIAL).setRevision(revision)
                .setEventId("t#0/p" + revision).setStableWords(stable)
                .setStability((float) stable / said.getWords().size()).build();
    }

    @Test
    void withoutATerminalOnlyFinalsArePrintedOneALineAsWritten() {
        TerminalCaptionView view = view(false, 40);
        view.accept(partial(0, 0, "What", "hate"));
        view.accept(written(ELON, "t", 0, 83_000, 300, "What", "hate", "speech", "are", "you", "talking", "about?", "Give",
                "me", "one", "example,", "one", "single", "example."));
        view.accept(Utterances.captionsOff(Utterances.JAMES, "j", 90_000));
        view.accept(Utterances.utterance(ELON, "t", 1, 95_000, 95_000, "", List.of()));
        assertEquals("[00:01:23] [Elon Musk] What hate speech are you talking about? Give me one example, one single example.\n"
                + "[00:01:30] [James <BBC> & Co: captions off]\n", shown());
    }

    @Test
    void aFinalIsShownOnceWhenItsProvisionalCopyComesFirst() {
        TerminalCaptionView view = view(false, 80);
        TranscriptEvent committed = written(ELON, "t", 0, 0, 300, "What", "hate", "speech?");
        view.accept(TranscriptEvent.newBuilder(committed).setProvisional(true).build());
        assertEquals("[00:00:00] [Elon Musk] What hate speech?\n", shown(), "shown at once, from the live topic");
        view.accept(committed);
        view.accept(committed); // and again after a failover
        assertEquals("", shown(), "the committed copy, the same final, is not shown again");
    }

    @Test
    void thePartialShowsItsStableWordsAsTheyAreAndTheRestFaint() {
        TerminalCaptionView view = view(true, 80);
        view.accept(partial(0, 0, "What", "hate"));
        assertEquals(CLEAR + "… [Elon Musk]" + FAINT + " What hate" + RESET, shown());
        // "$44 billion" stands for four words: tentative while any of them is.
        view.accept(partial(1, 4, "What", "hate", "speech", "costs", "$44 billion|forty four billion dollars"));
        assertEquals(CLEAR + "… [Elon Musk] What hate speech costs" + FAINT + " $44 billion" + RESET, shown());
        view.accept(partial(2, 8, "What", "hate", "speech", "costs", "$44 billion|forty four billion dollars"));
        assertEquals(CLEAR + "… [Elon Musk] What hate speech costs $44 billion", shown());
        // The final replaces the partial line, which is drawn again for whoever still speaks (nobody).
        view.accept(written(ELON, "t", 0, 0, 300, "What", "hate", "speech", "costs", "$44 billion.|forty four billion dollars"));
        assertEquals(CLEAR + "[00:00:00] [Elon Musk] What hate speech costs $44 billion.\n" + CLEAR, shown());
    }

    @Test
    void aPartialLineTooLongForTheTerminalKeepsItsNewestWords() {
        TerminalCaptionView view = view(true, 40);
        view.accept(partial(0, 3, "Yes,", "I", "do,", "so", "there's", "a", "lot", "going", "on"));
        // 50 characters for 39 columns: the label goes, whole, and the words stay.
        assertEquals(CLEAR + "… Yes, I do," + FAINT + " so there's a lot going on" + RESET, shown());
        view.accept(partial(1, 3, "Yes,", "I", "do,", "so", "there's", "a", "lot", "going", "on", "and", "on"));
        assertEquals(CLEAR + "… do," + FAINT + " so there's a lot going on and on" + RESET, shown());
    }

    @Test
    void onATerminalALongFinalIsWrappedBetweenWordsUnderItsText() {
        TerminalCaptionView view = view(true, 40);
        view.accept(written(ELON, "t", 0, 3_000, 300, "Yes,", "I", "do,", "so", "there's", "a", "lot", "going", "on,", "so",
                "I", "thought", "this", "might", "be", "a", "good", "opportunity."));
        assertEquals("[00:00:03] [Elon Musk] Yes, I do, so\n"
                + "           there's a lot going on, so I\n"
                + "           thought this might be a good\n"
                + "           opportunity.\n" + CLEAR, shown());
    }

    @Test
    void controlCharactersInNamesAndTextNeverReachTheTerminal() {
        Speaker evil = Speaker.newBuilder().setId("x").setDisplayName("Mallory\u001b]0;owned\u0007\u009b31m")
                .setAttribution(Attribution.TRACK).setConfidence(1f).build();
        TerminalCaptionView plain = view(false, 80);
        plain.accept(Utterances.utterance(evil, "t", 0, 0, 1000, "hello\u001b[2J\tthere\u0000", List.of()));
        assertEquals("[00:00:00] [Mallory)0;owned31m] hello[2J there\n", shown());

        TerminalCaptionView live = view(true, 80);
        live.accept(TranscriptEvent.newBuilder(Utterances.utterance(evil, "t", 0, 0, 1000, "hi\u001b[5m there", List.of()))
                .setKind(TranscriptKind.PARTIAL).build());
        String drawn = shown();
        assertEquals(CLEAR + "… [Mallory)0;owned31m]" + FAINT + " hi[5m there" + RESET, drawn);
        assertFalse(drawn.replace(CLEAR, "").replace(FAINT, "").replace(RESET, "").chars().anyMatch(c -> c < 0x20 || c >= 0x7F && c <= 0x9F));
    }

    @Test
    void aRevisionOfAFinalAlreadyShownIsNotShown() {
        TerminalCaptionView view = view(false, 80);
        TranscriptEvent committed = written(ELON, "t", 0, 0, 300, "What", "hate", "speech?");
        view.accept(committed);
        assertEquals("[00:00:00] [Elon Musk] What hate speech?\n", shown());
        view.accept(TranscriptEvent.newBuilder(committed).setEventId("t#0/revised").setRevision(committed.getRevision() + 1)
                .setRevisionReason("second-pass diarization").setSpeaker(Utterances.JAMES).build());
        assertEquals("", shown(), "a live view keeps what it showed");
    }
}
