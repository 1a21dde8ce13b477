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
        assertEquals(new StabilityScore.Result(1, 3, 2, 0, 5, new long[]{1_500, 1_000}), r);
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
        assertEquals(2, r.utterances());
        assertEquals(4, r.stableWords());
        assertEquals(2, r.changed());
        assertEquals(0.5, r.churn());
        assertArrayEquals(new long[]{1_000, 1_000}, r.earlierMs(), "only the words the final kept as marked");
    }

    @Test
    void aFinalCutByVoiceIsOneUtteranceAndFinalsWithoutPartialsAreLeftOut() {
        StabilityScore.Result r = StabilityScore.score(List.of(
                partial("mix#3", 0, 1_000, 3, "yes i do so"),
                finalOf("mix#3/2", 2_500, "so"),
                finalOf("mix#3/1", 2_000, "yes i do"),
                finalOf("mix#4", 9_000, "unheard before")));
        assertEquals(new StabilityScore.Result(1, 1, 3, 0, 4, new long[]{1_500, 1_500, 1_500}), r);
        assertTrue(Double.isNaN(StabilityScore.Result.NONE.churn()));
        assertNull(StabilityScore.Result.NONE.earlierPercentile(0.5));
    }
}
