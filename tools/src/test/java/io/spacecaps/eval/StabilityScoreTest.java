package io.spacecaps.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.Speaker;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.schema.Word;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StabilityScoreTest {

    private static TranscriptEvent caption(String utterance, TranscriptKind kind, int revision, long emitMs, int stable, String text) {
        List<Word> words = new ArrayList<>();
        for (String w : text.split(" ")) {
            words.add(new Word(w, 0L, 0L, 1f));
        }
        return TranscriptEvent.newBuilder()
                .setEventId(utterance + "/" + kind + "/" + revision).setSpaceId("s").setTrackId("t").setUtteranceId(utterance)
                .setKind(kind).setRevision(revision)
                .setSpeaker(Speaker.newBuilder().setDisplayName("A").setAttribution(Attribution.TRACK).setConfidence(1f).build())
                .setStartMs(0).setEndMs(1000).setWallClockStart(Instant.EPOCH).setText(text).setWords(words)
                .setLanguage("en").setModel("m").setLastAudioCaptureTime(Instant.ofEpochMilli(emitMs))
                .setEmitTime(Instant.ofEpochMilli(emitMs)).setStableWords(stable).build();
    }

    private static TranscriptEvent partial(String utterance, int revision, long emitMs, int stable, String text) {
        return caption(utterance, TranscriptKind.PARTIAL, revision, emitMs, stable, text);
    }

    private static TranscriptEvent finalOf(String utterance, long emitMs, String text) {
        return caption(utterance, TranscriptKind.FINAL, 9, emitMs, text.split(" ").length, text);
    }

    @Test
    void wordsKeptAsPromisedCountNoChurnAndHowMuchEarlierTheyCameIsMeasured() {
        StabilityScore.Result r = StabilityScore.score(List.of(
                partial("t#0", 0, 1_000, 0, "what"),
                partial("t#0", 1, 1_500, 1, "what hate"),
                partial("t#0", 2, 2_000, 2, "what hate speech"),
                // At least once: a repeat of a revision counts once.
                partial("t#0", 2, 2_000, 2, "what hate speech"),
                finalOf("t#0", 3_000, "what hate speech are you")));
        assertCounts(r, 1, 3, 2, 0, 0, 5);
        assertArrayEquals(new long[]{1_500, 1_000}, r.earlierMs());
        assertEquals(0.0, r.churn());
        assertEquals(0.4, r.shownStableEarly());
        assertEquals(1_000, r.earlierPercentile(0.5));
        assertEquals(1_500, r.earlierPercentile(0.9));
    }

    @Test
    void aStableWordThatALaterPartialOrTheFinalChangesIsChurn() {
        StabilityScore.Result r = StabilityScore.score(List.of(
                partial("t#0", 0, 1_000, 2, "the cat sat"),
                // "cat" marked stable, then changed; "the" kept.
                partial("t#0", 1, 1_500, 1, "the hat sat on"),
                partial("t#1", 0, 5_000, 2, "we can"),
                // Place 1 dropped from the final: a change too.
                finalOf("t#0", 2_000, "the hat sat on the mat"),
                finalOf("t#1", 6_000, "we")));
        assertCounts(r, 2, 3, 4, 2, 2, 7);
        assertEquals(0.5, r.churn());
        assertEquals(List.of("t#0 word 1: 'cat' (stable in revision 0) is 'hat' in revision 1; final: ...the hat sat on the...",
                "t#1 word 1: 'can' (stable in revision 0) is '' in the final; final: ...we..."), r.changes());
        assertArrayEquals(new long[]{1_000, 1_000}, r.earlierMs(), "only the words the final kept as marked");
    }

    @Test
    void aFinalCutByVoiceIsOneUtteranceAndFinalsWithoutPartialsAreLeftOut() {
        StabilityScore.Result r = StabilityScore.score(List.of(
                partial("mix#3", 0, 1_000, 3, "yes i do so"),
                finalOf("mix#3/2", 2_500, "so"),
                finalOf("mix#3/1", 2_000, "yes i do"),
                finalOf("mix#4", 9_000, "unheard before")));
        assertCounts(r, 1, 1, 3, 0, 0, 4);
        assertArrayEquals(new long[]{1_500, 1_500, 1_500}, r.earlierMs());
        assertTrue(Double.isNaN(StabilityScore.Result.NONE.churn()));
        assertNull(StabilityScore.Result.NONE.earlierPercentile(0.5));
    }

    @Test
    void aWordInsertedEarlyMovesTheStableWordsAfterItButReplacesNone() {
        StabilityScore.Result r = StabilityScore.score(List.of(
                partial("t#7", 0, 1_000, 4, "yeah i sometimes sleep in"),
                finalOf("t#7", 2_000, "yeah so i sometimes sleep in the office")));
        assertCounts(r, 1, 1, 4, 3, 0, 8);
        assertEquals(0.75, r.churn());
        assertEquals(0.0, r.alignedChurn());
        assertArrayEquals(new long[]{1_000}, r.earlierMs(), "only 'yeah' is where it was");
    }

    private static void assertCounts(StabilityScore.Result r, int utterances, int partials, int stableWords, int changed,
                                     int replaced, int finalWords) {
        assertEquals(List.of(utterances, partials, stableWords, changed, replaced, finalWords),
                List.of(r.utterances(), r.partials(), r.stableWords(), r.changed(), r.replaced(), r.finalWords()), r.toString());
    }
}
