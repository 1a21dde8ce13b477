package io.spacecaps.testing;

import io.spacecaps.eval.RecognisedWords;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.Word;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the failure tests hold a run's committed finals against: the transcript of record of a run
 * without the failure ({@link DemoBaseline}).
 *
 * <p>Exact where the pipeline decides: every final once (no event id and no utterance id twice), the
 * same event id for an utterance id when the run replayed the Space under the baseline's id, the
 * same tracks. Then in time, where a failure that lost or repeated audio shows: each track's words
 * are matched with the baseline's in order, a pair only when the words are alike and start within
 * {@value #START_TOLERANCE_MS} ms of each other (a word edge moves by about one 30 ms frame between
 * recogniser instances). Audio lost or fed twice moves every later word of its track by its length,
 * so the pairs end there and the match fails. Every stretch the baseline's finals cover is covered
 * by this run's finals and the other way round, but for a word on its own at a final's edge, so a
 * final lost whole, however short, fails too.
 *
 * <p>Not exact in the words or in where an utterance ends: bare Vosk itself gives slightly
 * different words for the same audio from one recogniser instance to the next in one JVM, fed the
 * same way (SpacecapsJobITCase: "is not" / "is mouth"; one CI run: "respond to that" / "respond to
 * it" on a track the failure did not touch), and with them, now and then, an endpoint one word
 * earlier or later (another CI run: one utterance more on a track, the same words). A recogniser
 * rebuilt after a failure is such a new instance: one CI run heard "state affiliated media" where
 * the run without failure heard "state of phil lee you media", 5 of a track's 137 words unpaired,
 * every later word in place. So {@value #MAX_UNMATCHED_PERCENT}% of a track's words may go unpaired,
 * and the finals' count and numbering are not compared. Audio lost or fed twice at a restore
 * unpairs every later word of its track: about half of it, as the tests fail mid-Space and say so.
 */
public final class TranscriptOfRecord {

    static final int MAX_UNMATCHED_PERCENT = 10;
    static final long START_TOLERANCE_MS = 60;

    private TranscriptOfRecord() {
    }

    public static void assertSameAs(List<TranscriptEvent> baseline, List<TranscriptEvent> finals) {
        assertOnce(finals, TranscriptEvent::getEventId, "event id");
        assertOnce(finals, TranscriptEvent::getUtteranceId, "utterance id");
        // Event ids are made from the Space's id: alike only when the run replayed the Space under the baseline's id.
        boolean sameSpace = finals.stream().allMatch(f -> f.getSpaceId().equals(baseline.get(0).getSpaceId()));
        if (sameSpace) {
            Map<String, String> eventIds = baseline.stream().collect(Collectors.toMap(TranscriptEvent::getUtteranceId, TranscriptEvent::getEventId));
            for (TranscriptEvent f : finals) {
                if (eventIds.containsKey(f.getUtteranceId())) {
                    assertEquals(eventIds.get(f.getUtteranceId()), f.getEventId(), "the event id of " + f.getUtteranceId());
                }
            }
        }
        assertEquals(tracks(baseline), tracks(finals), "the same tracks have spoken finals");
        for (String track : tracks(baseline)) {
            List<TranscriptEvent> was = spoken(baseline, track);
            List<TranscriptEvent> is = spoken(finals, track);
            assertCovered(was, is, track + ": a stretch of the baseline's finals that no final of this run covers");
            assertCovered(is, was, track + ": a stretch of this run's finals that no final of the baseline covers");
            List<Word> wasWords = words(was);
            List<Word> isWords = words(is);
            int matched = matchedInTime(wasWords, isWords);
            int most = Math.max(wasWords.size(), isWords.size());
            assertTrue((most - matched) * 100 <= MAX_UNMATCHED_PERCENT * most, () -> track + ": " + matched + " of " + most
                    + " words alike and within " + START_TOLERANCE_MS + " ms, fewer than " + (100 - MAX_UNMATCHED_PERCENT) + "%"
                    + "\nbaseline: " + perFinal(was) + "\nthis run: " + perFinal(is));
        }
    }

    private static void assertOnce(List<TranscriptEvent> finals, Function<TranscriptEvent, String> id, String what) {
        List<String> ids = finals.stream().map(id).toList();
        assertEquals(ids.size(), new HashSet<>(ids).size(), () -> "no " + what + " twice: " + finals.stream()
                .filter(f -> Collections.frequency(ids, id.apply(f)) > 1)
                .map(f -> f.getUtteranceId() + " " + f.getEventId()).distinct().toList());
    }

    /**
     * Every word of {@code these} lies within a final of {@code by}, give or take the tolerance: the
     * finals may end elsewhere (a split leaves a pause between two finals, but no word in it). One
     * word on its own may fall outside, where a rebuilt recogniser ended a final a word earlier and
     * began the next a word later (a CI run: the baseline's "yes i do so there's a lot" heard as "yes
     * i do" and "there's a lot", "so" in neither); two words in a row, or a whole final, may not.
     */
    private static void assertCovered(List<TranscriptEvent> these, List<TranscriptEvent> by, String message) {
        for (TranscriptEvent f : these) {
            List<Word> uncovered = new ArrayList<>();
            boolean previousUncovered = false;
            for (Word w : f.getWords()) {
                long middle = (w.getStartMs() + w.getEndMs()) / 2;
                boolean covered = by.stream().anyMatch(g -> first(g).getStartMs() - START_TOLERANCE_MS <= middle
                        && middle <= last(g).getEndMs() + START_TOLERANCE_MS);
                if (!covered) {
                    uncovered.add(w);
                }
                boolean lost = !covered && (previousUncovered || uncovered.size() == f.getWords().size());
                assertTrue(!lost, () -> message + ": \"" + w.getWord() + "\" at " + w.getStartMs() + " ms in " + f.getUtteranceId()
                        + " (\"" + RecognisedWords.of(f) + "\"; not covered: "
                        + uncovered.stream().map(u -> u.getWord() + "@" + u.getStartMs()).toList() + ")");
                previousUncovered = !covered;
            }
        }
    }

    /** How many words pair up in order, alike and starting within the tolerance (a longest common subsequence). */
    static int matchedInTime(List<Word> a, List<Word> b) {
        int[][] best = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                boolean alike = a.get(i).getWord().equals(b.get(j).getWord())
                        && Math.abs(a.get(i).getStartMs() - b.get(j).getStartMs()) <= START_TOLERANCE_MS;
                best[i][j] = alike ? best[i + 1][j + 1] + 1 : Math.max(best[i + 1][j], best[i][j + 1]);
            }
        }
        return best[0][0];
    }

    private static TreeSet<String> tracks(List<TranscriptEvent> finals) {
        return finals.stream().filter(RecognisedWords::any).map(TranscriptEvent::getTrackId).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Word> words(List<TranscriptEvent> finals) {
        List<Word> words = new ArrayList<>();
        finals.forEach(f -> words.addAll(f.getWords()));
        return words;
    }

    private static Word first(TranscriptEvent f) {
        return f.getWords().get(0);
    }

    private static Word last(TranscriptEvent f) {
        return f.getWords().get(f.getWords().size() - 1);
    }

    private static List<String> perFinal(List<TranscriptEvent> finals) {
        return finals.stream().map(f -> f.getUtteranceId() + " " + f.getStartMs() + " ms: " + RecognisedWords.of(f)).toList();
    }

    /** The track's finals that carry words, in time order. */
    private static List<TranscriptEvent> spoken(List<TranscriptEvent> finals, String track) {
        return finals.stream().filter(f -> f.getTrackId().equals(track)).filter(f -> !f.getWords().isEmpty())
                .sorted(Comparator.comparingLong(f -> first(f).getStartMs())).toList();
    }
}
