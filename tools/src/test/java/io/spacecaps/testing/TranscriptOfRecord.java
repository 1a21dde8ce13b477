package io.spacecaps.testing;

import io.spacecaps.eval.RecognisedWords;
import io.spacecaps.eval.WordErrorRate;
import io.spacecaps.schema.TranscriptEvent;

import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the failure tests hold a run's committed finals against: the transcript of record of a run
 * without the failure ({@link DemoBaseline}).
 *
 * <p>Exact where the pipeline decides: every final once (no id twice), the same finals (utterance
 * numbers, and event ids when the run replayed the Space under the baseline's id; so none lost,
 * none added) and where each starts, within the one 30 ms frame
 * by which a word edge moves between recogniser instances. A restore that lost or repeated audio
 * moves every later start of its track by the audio's length, so the times catch it.
 *
 * <p>Not exact in the words: bare Vosk itself gives slightly different words for the same audio
 * from one recogniser instance to the next in one JVM, fed the same way (SpacecapsJobITCase: "is
 * not" / "is mouth"; one CI run: "respond to that" / "respond to it" on a track the failure did
 * not touch), so the words as a whole must stay within {@value #MAX_WER_PERCENT}% WER of the
 * baseline's, about five words in the demo Space's first minute.
 */
public final class TranscriptOfRecord {

    static final int MAX_WER_PERCENT = 3;
    private static final long START_TOLERANCE_MS = 60;

    private TranscriptOfRecord() {
    }

    public static void assertSameAs(List<TranscriptEvent> baseline, List<TranscriptEvent> finals) {
        List<String> ids = finals.stream().map(TranscriptEvent::getEventId).toList();
        assertEquals(ids.size(), new HashSet<>(ids).size(), () -> "no final is delivered twice: " + finals.stream()
                .filter(f -> Collections.frequency(ids, f.getEventId()) > 1)
                .map(f -> f.getUtteranceId() + " " + f.getEventId()).distinct().toList());
        // Event ids are made from the Space's id: alike only when the run replayed the Space under the baseline's id.
        boolean sameSpace = finals.stream().allMatch(f -> f.getSpaceId().equals(baseline.get(0).getSpaceId()));
        assertEquals(cut(baseline, sameSpace), cut(finals, sameSpace), "the same finals, none lost, none added");
        Map<String, TranscriptEvent> byUtterance = baseline.stream().collect(Collectors.toMap(TranscriptEvent::getUtteranceId, Function.identity()));
        for (TranscriptEvent f : finals) {
            long baselineStart = byUtterance.get(f.getUtteranceId()).getStartMs();
            assertTrue(Math.abs(f.getStartMs() - baselineStart) <= START_TOLERANCE_MS,
                    "start of " + f.getUtteranceId() + ": " + f.getStartMs() + " ms against " + baselineStart + " ms");
        }
        WordErrorRate.Result wer = WordErrorRate.of(words(baseline), words(finals));
        assertTrue(wer.wer() * 100 <= MAX_WER_PERCENT, () -> "the words within " + MAX_WER_PERCENT + "% of the baseline's: "
                + wer + "\nbaseline: " + perFinal(baseline) + "\nthis run: " + perFinal(finals));
    }

    /** Each final that carries words: its utterance number (and event id), in utterance order. */
    private static List<String> cut(List<TranscriptEvent> finals, boolean withEventIds) {
        return spoken(finals).stream().map(f -> withEventIds ? f.getUtteranceId() + " " + f.getEventId() : f.getUtteranceId()).toList();
    }

    private static String words(List<TranscriptEvent> finals) {
        return spoken(finals).stream().map(RecognisedWords::of).collect(Collectors.joining(" "));
    }

    private static List<String> perFinal(List<TranscriptEvent> finals) {
        return spoken(finals).stream().map(f -> f.getUtteranceId() + " " + RecognisedWords.of(f)).toList();
    }

    private static List<TranscriptEvent> spoken(List<TranscriptEvent> finals) {
        return finals.stream().filter(RecognisedWords::any).sorted(Comparator.comparing(TranscriptEvent::getUtteranceId)).toList();
    }
}
