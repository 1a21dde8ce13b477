package io.spacecaps.testing;

import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.Word;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;

/** The failure tests' yardstick passes what Vosk varies in and fails what a failure does. */
class TranscriptOfRecordTest {

    private final List<TranscriptEvent> baseline = Transcripts.demoSpace();

    @Test
    void theSameFinalsPass() {
        TranscriptOfRecord.assertSameAs(baseline, copy(baseline));
    }

    @Test
    void anUtteranceEndedOneWordEarlierAndAWordHeardOtherwisePass() {
        List<TranscriptEvent> run = new ArrayList<>();
        for (TranscriptEvent f : copy(baseline)) {
            if (f.getUtteranceId().equals("elon-musk#1")) {
                // Vosk ended this utterance at a pause: two finals, numbered on from there.
                // The job names a final's event after its utterance: the first keeps its id, the second has its own.
                run.add(part(f, 0, 20, "elon-musk#1", f.getEventId()));
                run.add(part(f, 20, f.getWords().size(), "elon-musk#100", "another-event-id"));
            } else {
                run.add(f);
            }
        }
        run.get(0).getWords().get(3).setWord("agreed");
        TranscriptOfRecord.assertSameAs(baseline, run);
    }

    @Test
    void aWordOnItsOwnBetweenTwoFinalsPasses() {
        // A rebuilt recogniser ended the utterance a word earlier and began the next a word later.
        TranscriptOfRecord.assertSameAs(baseline, splitWithout(1));
    }

    @Test
    void twoWordsInARowBetweenTwoFinalsFail() {
        assertThrows(AssertionFailedError.class, () -> TranscriptOfRecord.assertSameAs(baseline, splitWithout(2)));
    }

    @Test
    void aShortFinalLostFails() {
        List<TranscriptEvent> run = new ArrayList<>(copy(baseline));
        run.removeIf(f -> f.getUtteranceId().equals("elon-musk#2"));
        assertThrows(AssertionFailedError.class, () -> TranscriptOfRecord.assertSameAs(baseline, run));
    }

    @Test
    void aFinalDeliveredTwiceFails() {
        List<TranscriptEvent> run = new ArrayList<>(copy(baseline));
        run.add(TranscriptEvent.newBuilder(run.get(3)).build());
        assertThrows(AssertionFailedError.class, () -> TranscriptOfRecord.assertSameAs(baseline, run));
    }

    @Test
    void audioLostMidTrackFails() {
        // 200 ms of Elon Musk's audio never reached the recogniser from 60 s on: his later words come early.
        List<TranscriptEvent> run = copy(baseline);
        for (TranscriptEvent f : run) {
            for (Word w : f.getWords()) {
                if (f.getTrackId().equals("elon-musk") && w.getStartMs() >= 60_000) {
                    w.setStartMs(w.getStartMs() - 200);
                    w.setEndMs(w.getEndMs() - 200);
                }
            }
        }
        assertThrows(AssertionFailedError.class, () -> TranscriptOfRecord.assertSameAs(baseline, run));
    }

    /** The baseline with elon-musk#1 heard as two finals and {@code missing} words between them in neither. */
    private List<TranscriptEvent> splitWithout(int missing) {
        List<TranscriptEvent> run = new ArrayList<>();
        for (TranscriptEvent f : copy(baseline)) {
            if (f.getUtteranceId().equals("elon-musk#1")) {
                int at = gapAt(f.getWords(), missing);
                run.add(part(f, 0, at, "elon-musk#1", f.getEventId()));
                run.add(part(f, at + missing, f.getWords().size(), "elon-musk#100", "another-event-id"));
            } else {
                run.add(f);
            }
        }
        return run;
    }

    /**
     * Where {@code missing} words can go with each of them clear of the words on both sides by more
     * than the tolerance, so that no final's edge covers them.
     */
    private static int gapAt(List<Word> words, int missing) {
        for (int at = 1; at + missing < words.size(); at++) {
            long before = words.get(at - 1).getEndMs() + TranscriptOfRecord.START_TOLERANCE_MS;
            long after = words.get(at + missing).getStartMs() - TranscriptOfRecord.START_TOLERANCE_MS;
            boolean clear = true;
            for (Word w : words.subList(at, at + missing)) {
                long middle = (w.getStartMs() + w.getEndMs()) / 2;
                clear &= before < middle && middle < after;
            }
            if (clear) {
                return at;
            }
        }
        throw new IllegalStateException("no stretch of " + missing + " word(s) clear of its neighbours");
    }

    private static TranscriptEvent part(TranscriptEvent f, int from, int to, String utteranceId, String eventId) {
        List<Word> words = new ArrayList<>(f.getWords().subList(from, to));
        return TranscriptEvent.newBuilder(f).setUtteranceId(utteranceId).setEventId(eventId)
                .setWords(words).setStartMs(words.get(0).getStartMs()).setEndMs(words.get(words.size() - 1).getEndMs()).build();
    }

    private static List<TranscriptEvent> copy(List<TranscriptEvent> finals) {
        return finals.stream().map(f -> TranscriptEvent.newBuilder(f).build()).toList();
    }
}
