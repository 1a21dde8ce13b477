package io.spacecaps.speakers.voice;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.ingest.TrackChunk;
import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.schema.Word;
import io.spacecaps.testing.Captions;
import io.spacecaps.testing.Chunks;
import io.spacecaps.testing.Clip;
import io.spacecaps.testing.TestData;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.spacecaps.testing.Captions.SPACE_START;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The voice stage in Flink's keyed two-input harness, with the real diarizer on the committed
 * three-voice clip ({@code clips/mixed-3voices}: Ann 0.5-4.84 s, Bob 4.14-9.30 s, Cat 9.90-12.49 s, ...).
 */
class VoiceDiarizerTest {

    private static final SpacecapsConfig CONFIG = SpacecapsConfig.fromArgs(new String[]{
            "--idle-track-timeout-ms", "30000", "--max-hold-ms", "20000"});
    private static List<AudioChunk> mixed;

    private KeyedTwoInputStreamOperatorTestHarness<String, TranscriptEvent, TrackChunk, TranscriptEvent> harness;

    @BeforeAll
    static void readClip() throws Exception {
        Clip clip = TestData.clip("mixed-3voices");
        mixed = Chunks.track("s1", "mixed", null, clip, SPACE_START);
    }

    @BeforeEach
    void setUp() throws Exception {
        harness = newHarness(null);
    }

    /** A harness around a fresh operator, restored from {@code snapshot} when given. */
    private static KeyedTwoInputStreamOperatorTestHarness<String, TranscriptEvent, TrackChunk, TranscriptEvent> newHarness(
            OperatorSubtaskState snapshot) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new VoiceDiarizer(TestData.englishModel(), CONFIG)),
                (TranscriptEvent c) -> c.getSpaceId() + "/" + c.getTrackId(), TrackChunk::trackKey, Types.STRING);
        if (snapshot != null) {
            h.initializeState(snapshot);
        }
        h.open();
        h.setProcessingTime(0);
        return h;
    }

    private void audio(int fromChunk, int toChunk) throws Exception {
        for (AudioChunk chunk : mixed.subList(fromChunk, toChunk)) {
            harness.processElement2(new StreamRecord<>(Chunks.onTrack(chunk)));
        }
    }

    private List<TranscriptEvent> caption(TranscriptEvent caption) throws Exception {
        int before = harness.extractOutputValues().size();
        harness.processElement1(new StreamRecord<>(caption));
        List<TranscriptEvent> out = harness.extractOutputValues();
        return new ArrayList<>(out.subList(before, out.size()));
    }

    /**
     * A final of the mixed track across a turn: Ann's words, then Bob's. (Bob's first 2.7 s carry Ann's
     * label: a new voice needs evidence before it gets its own, and labels never change once given.)
     */
    private static TranscriptEvent acrossTheTurn() {
        List<Word> words = new ArrayList<>(Captions.words(3_000, "we are talking about"));   // Ann, 3.0-3.8 s
        words.addAll(Captions.words(7_000, "thanks for having me"));                      // Bob, 7.0-7.8 s
        return Captions.caption(TranscriptKind.FINAL, "mixed", null, words, 7).build();
    }

    @Test
    void aParticipantsOwnTrackPassesThroughUntouched() throws Exception {
        TranscriptEvent own = Captions.caption(TranscriptKind.FINAL, "host", "p-host", Captions.words(0, "hello"), 0).build();
        assertEquals(List.of(own), caption(own));
        harness.processElement2(new StreamRecord<>(Chunks.onTrack(Chunks.chunk("s1", "host", 0, SPACE_START, new byte[3200]).build())));
        assertEquals(0, harness.numKeyedStateEntries(), "a participant's own track keeps no voice state");
    }

    @Test
    void aFinalWaitsForSettledLabelsAndIsCutWhereTheVoiceChanges() throws Exception {
        audio(0, 80);                                    // up to 8 s: Bob's words are heard, not yet settled
        assertEquals(List.of(), caption(acrossTheTurn()), "held: labels are not settled past its last word");
        audio(80, 100);                                  // 10 s: labels settled past 7.8 s
        List<TranscriptEvent> out = harness.extractOutputValues();
        assertEquals(2, out.size(), "cut in two at the turn: " + out.stream().map(TranscriptEvent::getText).toList());
        assertEquals("we are talking about", out.get(0).getText());
        assertEquals("thanks for having me", out.get(1).getText());
        assertEquals(Attribution.VOICE, out.get(0).getSpeaker().getAttribution());
        assertNotEquals(out.get(0).getSpeaker().getId(), out.get(1).getSpeaker().getId(), "two voices");
        assertEquals("voice-1", out.get(0).getSpeaker().getId(), "the first voice heard is voice 1");
        assertEquals("Speaker 2", out.get(1).getSpeaker().getDisplayName());
        assertTrue(out.get(1).getUtteranceId().endsWith("/2"));

        TranscriptEvent partial = Captions.caption(TranscriptKind.PARTIAL, "mixed", null, Captions.words(9_000, "right"), 8).build();
        assertEquals("voice-2", caption(partial).get(0).getSpeaker().getId(), "a partial takes the newest label at once");
    }

    @Test
    void labelsSurviveAFailover() throws Exception {
        audio(0, 90);
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();
        harness = newHarness(snapshot);
        audio(90, 160);                                  // Cat, then Ann again (11.7-14.5 s)
        List<Word> annAgain = Captions.words(12_500, "that is the hard part");
        caption(Captions.caption(TranscriptKind.FINAL, "mixed", null, annAgain, 9).build());
        audio(160, 200);
        List<TranscriptEvent> out = harness.extractOutputValues();
        assertEquals(1, out.size());
        assertEquals("voice-1", out.get(0).getSpeaker().getId(), "Ann is voice 1 after the restore too");
    }

    @Test
    void aTrackThatStopsMidSentenceLetsItsFinalGoAndLeavesNothingBehind() throws Exception {
        audio(0, 80);
        TranscriptEvent lastWords = acrossTheTurn();
        assertEquals(List.of(), caption(lastWords));
        // The producer stops here, with no end of track: the labels never settle past the final.
        harness.setProcessingTime(19_999);
        assertEquals(0, harness.extractOutputValues().size());
        harness.setProcessingTime(20_000);
        List<TranscriptEvent> out = harness.extractOutputValues();
        assertEquals(String.join(" ", lastWords.getWords().stream().map(Word::getWord).toList()),
                String.join(" ", out.stream().map(TranscriptEvent::getText).toList()), "the last words still go out, labelled with what is known");
        harness.setProcessingTime(79_999);
        assertTrue(harness.numKeyedStateEntries() > 0, "the recogniser may still flush this track's last words");
        harness.setProcessingTime(80_000);
        assertEquals(0, harness.numKeyedStateEntries(), "quiet for max-hold-ms and twice the idle timeout: nothing left");
        assertEquals(0, harness.numProcessingTimeTimers());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void theEndOfTheTrackSettlesEverything() throws Exception {
        audio(0, mixed.size());
        TranscriptEvent end = Captions.caption(TranscriptKind.FINAL, "mixed", null, Captions.words(23_000, "questions"), 20)
                .setEndOfTrack(true).build();
        List<TranscriptEvent> out = caption(end);
        assertEquals(1, out.size(), "after the track's end nothing waits");
        assertSame(Attribution.VOICE, out.get(0).getSpeaker().getAttribution());
    }

    @Test
    void finalsTheRecogniserHeldForAMinuteStillFindTheirVoices() throws Exception {
        // The recogniser waited for the Space's start (up to max-hold-ms) while the voice stage had
        // heard the whole track: its finals come long after the track's last audio.
        audio(0, mixed.size());
        harness.setProcessingTime(70_000);
        TranscriptEvent end = Captions.caption(TranscriptKind.FINAL, "mixed", null, Captions.words(23_000, "questions"), 20)
                .setEndOfTrack(true).build();
        List<TranscriptEvent> out = caption(end);
        assertEquals(1, out.size(), "the end of track is still known: nothing waits");
        assertSame(Attribution.VOICE, out.get(0).getSpeaker().getAttribution());
    }

    /** Bob's first words (5.0-5.8 s), heard live while his voice still carried Ann's label. */
    private static TranscriptEvent bobsFirstWords() {
        return Captions.caption(TranscriptKind.FINAL, "mixed", null, Captions.words(5_000, "thanks for having"), 3).build();
    }

    @Test
    void theSecondPassRevisesWhatWasShownBeforeTheTrackEndsAndAcrossAFailover() throws Exception {
        audio(0, 90);
        List<TranscriptEvent> shown = caption(bobsFirstWords());
        assertEquals(1, shown.size());
        assertEquals("voice-1", shown.get(0).getSpeaker().getId(), "live, Bob's first words carry Ann's label");
        // A failover mid-track: the shown final and the voice windows so far are in the checkpoint.
        OperatorSubtaskState snapshot = harness.snapshot(1, 1);
        harness.close();
        harness = newHarness(snapshot);
        audio(90, mixed.size());
        TranscriptEvent end = Captions.caption(TranscriptKind.FINAL, "mixed", null, Captions.words(23_000, "questions"), 20)
                .setEndOfTrack(true).build();
        List<TranscriptEvent> out = caption(end);

        assertEquals(2, out.size(), "a revision, then the end of track: " + out);
        TranscriptEvent revision = out.get(0);
        TranscriptEvent before = shown.get(0);
        assertEquals(VoiceDiarizer.SECOND_PASS, revision.getRevisionReason());
        assertEquals(before.getUtteranceId(), revision.getUtteranceId());
        assertEquals(before.getRevision() + 1, revision.getRevision());
        assertNotEquals(before.getEventId(), revision.getEventId(), "a revision is an event of its own");
        assertEquals("voice-2", revision.getSpeaker().getId(), "heard to its end, the words are Bob's");
        assertEquals(before.getWords(), revision.getWords());
        assertTrue(out.get(1).getEndOfTrack(), "nothing of the track follows its end");
        assertTrue(out.get(1).getRevisionReason() == null);
        int sent = harness.extractOutputValues().size();
        harness.setProcessingTime(80_000);
        assertEquals(sent, harness.extractOutputValues().size(), "revised once: the track going quiet after its end adds nothing");
        assertEquals(0, harness.numKeyedStateEntries());
    }

    @Test
    void aFinalTheLiveLabelsGotRightIsNotRevised() throws Exception {
        audio(0, 100);
        List<Word> ann = Captions.words(1_000, "we are talking about");     // Ann, 1.0-1.8 s
        assertEquals("voice-1", caption(Captions.caption(TranscriptKind.FINAL, "mixed", null, ann, 1).build()).get(0).getSpeaker().getId());
        audio(100, mixed.size());
        TranscriptEvent end = Captions.caption(TranscriptKind.FINAL, "mixed", null, Captions.words(23_000, "questions"), 20)
                .setEndOfTrack(true).build();
        assertEquals(List.of(true), caption(end).stream().map(TranscriptEvent::getEndOfTrack).toList(), "only the end of track");
    }

    @Test
    void aTrackThatGoesQuietWithoutAnEndIsRevisedAllTheSame() throws Exception {
        audio(0, 160);                                   // 16 s, and then nothing: no end of track
        List<TranscriptEvent> shown = caption(bobsFirstWords());
        assertEquals("voice-1", shown.get(0).getSpeaker().getId());
        int before = harness.extractOutputValues().size();
        harness.setProcessingTime(80_000);               // quiet for max-hold-ms and twice the idle timeout
        List<TranscriptEvent> out = harness.extractOutputValues().subList(before, harness.extractOutputValues().size());
        assertEquals(1, out.size(), "the revision: " + out);
        assertEquals(VoiceDiarizer.SECOND_PASS, out.get(0).getRevisionReason());
        assertEquals("voice-2", out.get(0).getSpeaker().getId());
        assertEquals(0, harness.numKeyedStateEntries(), "nothing left");
        assertEquals(0, harness.numProcessingTimeTimers());
    }
}
