package io.spacecaps.asr;

import io.spacecaps.testing.Clip;
import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.ingest.DeadLetters;
import io.spacecaps.ingest.TrackChunk;
import io.spacecaps.schema.MarkerType;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import io.spacecaps.schema.Attribution;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.spaces.SpaceDirectory;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;
import io.spacecaps.schema.Word;
import io.spacecaps.testing.Chunks;
import io.spacecaps.testing.TestData;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.heap.HeapKeyedStateBackend;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The recogniser operator, in Flink's keyed broadcast harness, on a committed 5.6 s clip and real Vosk. */
class TrackRecognizerTest {

    private static final long SPACE_START = 1_700_000_000_000L;
    /** The track starts 2 s into the Space, so caption times must be shifted by 2000 ms. */
    private static final long TRACK_START = SPACE_START + 2_000;

    private KeyedBroadcastOperatorTestHarness<String, TrackChunk, SpaceEvent, TranscriptEvent> harness;

    @BeforeEach
    void setUp() throws Exception {
        harness = newHarness(null);
    }

    /** A harness around a fresh operator, restored from {@code snapshot} when given. */
    private static KeyedBroadcastOperatorTestHarness<String, TrackChunk, SpaceEvent, TranscriptEvent> newHarness(
            OperatorSubtaskState snapshot, String... moreArgs) throws Exception {
        return newHarness(false, snapshot, moreArgs);
    }

    /** As above, in a job that runs in BATCH mode when {@code batch} (transcribe, backfill). */
    private static KeyedBroadcastOperatorTestHarness<String, TrackChunk, SpaceEvent, TranscriptEvent> newHarness(
            boolean batch, OperatorSubtaskState snapshot, String... moreArgs) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of(
                "--model.en", TestData.englishModel(), "--idle-track-timeout-ms", "5000", "--recognizer-reset-ms", "2000"));
        args.addAll(List.of(moreArgs));
        SpacecapsConfig config = SpacecapsConfig.fromArgs(args.toArray(String[]::new));
        KeyedBroadcastOperatorTestHarness<String, TrackChunk, SpaceEvent, TranscriptEvent> h =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(new TrackRecognizer(config), List.of(SpaceDirectory.SPACES)),
                        TrackChunk::trackKey, Types.STRING, 1, 1, 0);
        if (batch) {
            h.getEnvironment().getJobConfiguration().set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        }
        if (snapshot != null) {
            h.initializeState(snapshot);
        }
        h.open();
        h.processBroadcastElement(SpaceEvent.newBuilder().setSpaceId("s1").setType(SpaceEventType.SPACE_STARTED)
                .setTime(Instant.ofEpochMilli(SPACE_START)).setLanguage("en").build(), 0);
        for (String participant : List.of("p-host", "p-guest")) {
            h.processBroadcastElement(Chunks.joined("s1", participant, SPACE_START, null), 0);
        }
        return h;
    }

    private static void feed(KeyedBroadcastOperatorTestHarness<String, TrackChunk, SpaceEvent, TranscriptEvent> h,
                             AudioChunk chunk, long gapMs) throws Exception {
        TrackChunk onTrack = Chunks.onTrack(chunk).afterGap(gapMs);
        h.processElement(new StreamRecord<>(onTrack, onTrack.eventTime));
    }

    @AfterEach
    void tearDown() throws Exception {
        harness.close();
        assertEquals(0, VoskModels.loadedCount(), "closing the operator frees the model");
    }

    /** The broadcast harness does not count keyed state itself; its heap backend does. */
    private int keyedStateEntries() throws Exception {
        return allKeyedStateEntries() - numberingEntries();
    }

    /** Every entry, the numbering of released tracks included (kept on purpose, for idle-space-timeout-ms). */
    private int allKeyedStateEntries() {
        AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) harness.getTwoInputOperator();
        return ((HeapKeyedStateBackend<?>) operator.getKeyedStateBackend()).numKeyValueStateEntries();
    }

    private int numberingEntries() throws Exception {
        AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) harness.getTwoInputOperator();
        try (var keys = operator.getKeyedStateBackend().getKeys("utterances-before",
                org.apache.flink.runtime.state.VoidNamespace.INSTANCE)) {
            return (int) keys.count();
        }
    }

    @Test
    void recognisesAClipWithPartialsAndAFinalOnTheSpaceTimeline() throws Exception {
        Clip clip = TestData.clip("slt-hello");
        for (AudioChunk chunk : Chunks.track("s1", "host", "p-host", clip, TRACK_START)) {
            feed(harness, chunk, 0);
        }
        List<TranscriptEvent> out = harness.extractOutputValues();
        List<TranscriptEvent> partials = out.stream().filter(e -> e.getKind() == TranscriptKind.PARTIAL).toList();
        List<TranscriptEvent> finals = out.stream().filter(e -> e.getKind() == TranscriptKind.FINAL).toList();

        assertTrue(partials.size() >= 3, "partials while speaking, got " + partials.size());
        for (int i = 1; i < partials.size(); i++) {
            if (partials.get(i).getUtteranceId().equals(partials.get(i - 1).getUtteranceId())) {
                assertEquals(partials.get(i - 1).getRevision() + 1, partials.get(i).getRevision());
            }
        }
        String text = String.join(" ", finals.stream().map(TranscriptEvent::getText).toList()).strip();
        assertEquals(TestData.SLT_HELLO_HEARD, text);

        TranscriptEvent last = finals.get(finals.size() - 1);
        assertTrue(last.getEndOfTrack(), "the last final closes the track");
        TranscriptEvent first = finals.get(0);
        assertEquals("host#0", first.getUtteranceId());
        assertEquals("p-host", first.getTrackParticipantId(), "the track's owner travels with its captions");
        assertEquals(Attribution.UNKNOWN, first.getSpeaker().getAttribution(), "who spoke is decided later, not here");
        // The clip has 0.3 s of lead-in and speech until 5.27 s; on the Space timeline that is 2.3 s .. 7.27 s.
        List<Word> words = finals.stream().flatMap(f -> f.getWords().stream()).toList();
        assertTrue(words.get(0).getStartMs() >= 2_200 && words.get(0).getStartMs() <= 2_700, "first word at " + words.get(0).getStartMs());
        Word lastWord = words.get(words.size() - 1);
        assertTrue(lastWord.getEndMs() >= 6_900 && lastWord.getEndMs() <= 7_600, "last word ends at " + lastWord.getEndMs());
        for (int i = 1; i < words.size(); i++) {
            assertTrue(words.get(i).getStartMs() >= words.get(i - 1).getStartMs(), "word times ascend");
        }
        assertEquals(first.getWords().get(0).getStartMs(), first.getStartMs());
        assertEquals(SPACE_START + first.getStartMs(), first.getWallClockStart().toEpochMilli());
        assertTrue(first.getLastAudioCaptureTime().toEpochMilli() > TRACK_START);

        Set<String> ids = new HashSet<>();
        out.forEach(e -> assertTrue(ids.add(e.getEventId()), "event ids are unique"));
        assertEquals(0, keyedStateEntries(), "an ended track leaves no keyed state");
        assertEquals(0, harness.numProcessingTimeTimers(), "an ended track leaves no timers");
    }

    @Test
    void anIdleTrackIsFlushedAndReleased() throws Exception {
        Clip clip = TestData.clip("slt-hello");
        // Only the first 3 s, and no end of track: a producer that went quiet mid-sentence.
        Clip firstHalf = clip.slice(0, 16_000 * 3);
        harness.setProcessingTime(1_000);
        List<AudioChunk> chunks = Chunks.track("s1", "guest", "p-guest", firstHalf, TRACK_START);
        for (AudioChunk chunk : chunks.subList(0, chunks.size() - 1)) {
            feed(harness, chunk, 0);
        }
        assertEquals(1, harness.numProcessingTimeTimers());
        assertFalse(harness.extractOutputValues().stream().anyMatch(e -> e.getKind() == TranscriptKind.FINAL));

        harness.setProcessingTime(1_000 + 5_000);
        List<TranscriptEvent> finals = harness.extractOutputValues().stream()
                .filter(e -> e.getKind() == TranscriptKind.FINAL).toList();
        assertEquals(1, finals.size(), "the idle timeout flushes the pending utterance");
        assertFalse(finals.get(0).getEndOfTrack(), "idle is not the end of the track");
        assertTrue(finals.get(0).getText().startsWith("the quick brown"), finals.get(0).getText());
        assertEquals(0, keyedStateEntries());
        assertEquals(0, harness.numProcessingTimeTimers());
    }

    @Test
    void theLagGaugeShowsHowFarBehindItsCaptureTheAudioIsRecognisedAndVoskTimeIsMetered() throws Exception {
        SpacecapsConfig config = SpacecapsConfig.fromArgs(new String[]{"--model.en", TestData.englishModel()});
        TrackRecognizer recognizer = new TrackRecognizer(config);
        try (KeyedBroadcastOperatorTestHarness<String, TrackChunk, SpaceEvent, TranscriptEvent> h =
                     new KeyedBroadcastOperatorTestHarness<>(
                             new CoBroadcastWithKeyedOperator<>(recognizer, List.of(SpaceDirectory.SPACES)),
                             TrackChunk::trackKey, Types.STRING, 1, 1, 0)) {
            h.open();
            long now = System.currentTimeMillis();
            h.processBroadcastElement(SpaceEvent.newBuilder().setSpaceId("s1").setType(SpaceEventType.SPACE_STARTED)
                    .setTime(Instant.ofEpochMilli(now - 60_000)).setLanguage("en").build(), 0);
            h.processBroadcastElement(Chunks.joined("s1", "p-host", now - 60_000, null), 0);
            assertEquals(0, recognizer.recognitionLagMs(), "no open track, no lag");
            long voskCpu0 = VoskCpuMeter.totalNanos();
            long wall0 = System.nanoTime();
            // Captured 20 s ago: a job that is 20 s behind its audio.
            List<AudioChunk> chunks = Chunks.track("s1", "host", "p-host", TestData.clip("slt-hello"), now - 20_000);
            for (AudioChunk chunk : chunks.subList(0, 10)) {
                feed(h, chunk, 0);
            }
            long lag = recognizer.recognitionLagMs();
            // The tenth chunk ends 1 s into the audio: 19 s behind, plus however long this took.
            assertTrue(lag >= 19_000 && lag < 60_000, "lag " + lag);
            for (AudioChunk chunk : chunks.subList(10, chunks.size())) {
                feed(h, chunk, 0);
            }
            assertEquals(0, recognizer.recognitionLagMs(), "an ended track no longer counts");
            // Decoding 5.6 s of speech takes Vosk real CPU time, and no more than this thread had.
            long voskCpu = VoskCpuMeter.totalNanos() - voskCpu0;
            assertTrue(voskCpu > 50_000_000L && voskCpu <= System.nanoTime() - wall0, "Vosk CPU " + voskCpu + " ns");
        }
    }

    /**
     * A failover mid-utterance: snapshot, lose the operator (and its native recogniser), restore a
     * new one from the snapshot and replay what came after the snapshot, as Flink does. The captions
     * after the restore are exactly those of a run that never failed: same ids, same texts.
     */
    @Test
    void inBatchModePartialsComeEveryHalfSecondOfAudioAndTheWordsAreTheSame() throws Exception {
        Clip clip = TestData.clip("slt-hello");
        try (var batch = newHarness(true, null)) {
            for (AudioChunk chunk : Chunks.track("s1", "host", "p-host", clip, TRACK_START)) {
                feed(batch, chunk, 0);
            }
            List<TranscriptEvent> out = batch.extractOutputValues();
            List<Long> heardUpTo = out.stream().filter(e -> e.getKind() == TranscriptKind.PARTIAL)
                    .map(e -> e.getLastAudioCaptureTime().toEpochMilli()).toList();
            // The clip is 5.6 s long, in 100 ms chunks: one partial per chunk live, one per 500 ms here.
            assertTrue(heardUpTo.size() >= 3 && heardUpTo.size() <= 12, "partials every half second: " + heardUpTo);
            for (int i = 1; i < heardUpTo.size(); i++) {
                assertTrue(heardUpTo.get(i) - heardUpTo.get(i - 1) >= TrackRecognizer.BATCH_PARTIAL_EVERY_MS,
                        "at least half a second of audio between partials: " + heardUpTo);
            }
            String text = String.join(" ", finals(out).stream().map(TranscriptEvent::getText).toList()).strip();
            assertEquals(TestData.SLT_HELLO_HEARD, text);
        }
    }

    @Test
    void inBatchModeNoAudioIsKeptToRebuildARecogniser() throws Exception {
        // Live, the audio heard since the recogniser's last renewal is kept for a failover (renewed
        // every 2 s here); a BATCH run has no checkpoints to restore, so it keeps none and never renews.
        Clip clip = TestData.clip("slt-hello");
        List<AudioChunk> chunks = Chunks.track("s1", "host", "p-host", concat(clip, clip), TRACK_START);
        try (var batch = newHarness(true, null)) {
            for (AudioChunk chunk : chunks.subList(0, 95)) {
                feed(batch, chunk, 0);
                feed(harness, chunk, 0);
            }
            assertEquals(1, keysOf(harness, "heard-audio"), "live: the audio since the last renewal, kept");
            assertEquals(0, keysOf(batch, "heard-audio"), "BATCH mode: none");
        }
    }

    private static int keysOf(KeyedBroadcastOperatorTestHarness<String, TrackChunk, SpaceEvent, TranscriptEvent> h, String state)
            throws Exception {
        AbstractStreamOperator<?> operator = (AbstractStreamOperator<?>) h.getTwoInputOperator();
        try (var keys = operator.getKeyedStateBackend().getKeys(state, org.apache.flink.runtime.state.VoidNamespace.INSTANCE)) {
            return (int) keys.count();
        }
    }

    @Test
    void aRestoredRecogniserContinuesExactlyWhereTheLostOneWas() throws Exception {
        Clip clip = TestData.clip("slt-hello");
        Clip twice = concat(clip, clip);
        List<AudioChunk> chunks = Chunks.track("s1", "host", "p-host", twice, TRACK_START);
        for (AudioChunk chunk : chunks) {
            feed(harness, chunk, 0);
        }
        List<TranscriptEvent> expected = finals(harness.extractOutputValues());

        var first = newHarness(null);
        int cut = 95; // 9.5 s in: inside the second sentence, after one final and a renewal
        for (AudioChunk chunk : chunks.subList(0, cut)) {
            feed(first, chunk, 0);
        }
        List<TranscriptEvent> beforeCut = finals(first.extractOutputValues());
        OperatorSubtaskState snapshot = first.snapshot(1L, 1L);
        first.close();

        var second = newHarness(snapshot);
        for (AudioChunk chunk : chunks.subList(cut, chunks.size())) {
            feed(second, chunk, 0);
        }
        List<TranscriptEvent> combined = new java.util.ArrayList<>(beforeCut);
        combined.addAll(finals(second.extractOutputValues()));
        second.close();

        assertTrue(expected.size() >= 2, "two sentences, at least two finals: " + expected.size());
        assertEquals(expected.stream().map(TranscriptEvent::getEventId).toList(), combined.stream().map(TranscriptEvent::getEventId).toList());
        assertEquals(expected.stream().map(TranscriptEvent::getText).toList(), combined.stream().map(TranscriptEvent::getText).toList());
        assertEquals(expected.stream().map(TranscriptEvent::getStartMs).toList(), combined.stream().map(TranscriptEvent::getStartMs).toList());
    }

    /**
     * An ended track's recogniser is kept, and the next track takes it: at its first audio Vosk gives it
     * a new feature pipeline and decoder (only its graph cache stays), so the next track hears exactly
     * what a new recogniser hears, words and times on its own timeline, renewals (every 2 s here)
     * included. The reference is a run that keeps none ({@code --warm-recognizers 0}), made first, while
     * no recogniser is kept in this JVM.
     */
    @Test
    void aRecogniserKeptFromAnEndedTrackHearsTheNextTrackAsANewOneWould() throws Exception {
        Clip twice = concat(TestData.clip("slt-hello"), TestData.clip("slt-hello"));
        List<AudioChunk> guest = Chunks.track("s1", "guest", "p-guest", twice, TRACK_START + 20_000);
        var keepsNone = newHarness(null, "--warm-recognizers", "0");
        for (AudioChunk chunk : guest) {
            feed(keepsNone, chunk, 0);
        }
        List<TranscriptEvent> expected = finals(keepsNone.extractOutputValues());
        keepsNone.close();
        assertEquals(0, VoskModels.keptCount(TestData.englishModel()), "with --warm-recognizers 0 none is kept");

        for (AudioChunk chunk : Chunks.track("s1", "host", "p-host", twice, TRACK_START)) {
            feed(harness, chunk, 0);
        }
        assertEquals(1, VoskModels.keptCount(TestData.englishModel()), "the ended track's recogniser is kept");
        int hostEvents = harness.extractOutputValues().size();
        for (AudioChunk chunk : guest) {
            feed(harness, chunk, 0);
        }
        List<TranscriptEvent> out = harness.extractOutputValues();
        List<TranscriptEvent> heard = finals(out.subList(hostEvents, out.size()));
        assertEquals(1, VoskModels.keptCount(TestData.englishModel()), "taken by the guest's track, and kept again at its end");

        assertTrue(expected.size() >= 2, "two sentences, at least two finals: " + expected.size());
        assertEquals(expected.stream().map(TranscriptEvent::getEventId).toList(), heard.stream().map(TranscriptEvent::getEventId).toList());
        assertEquals(expected.stream().map(TranscriptEvent::getText).toList(), heard.stream().map(TranscriptEvent::getText).toList());
        assertEquals(wordTimes(expected), wordTimes(heard), "word times on the guest's own timeline, as a new recogniser gives them");
    }

    /**
     * A recogniser that has heard its life ({@code --recognizer-life-ms}, 3 s here against renewals every
     * 2 s) is closed at its next renewal instead of finalised, so that its graph cache, which grows with
     * what it hears, cannot hold a long track's memory; the track goes on on a new one with the captions
     * a run that keeps none gives, and at its end the recogniser, past its life too, is not kept.
     */
    @Test
    void aRecogniserPastItsLifeIsClosedAtARenewalAndTheTrackGoesOnOnANewOne() throws Exception {
        Clip twice = concat(TestData.clip("slt-hello"), TestData.clip("slt-hello"));
        List<AudioChunk> host = Chunks.track("s1", "host", "p-host", twice, TRACK_START);
        var keepsNone = newHarness(null, "--warm-recognizers", "0");
        long openedBefore = VoskModels.openedCount();
        for (AudioChunk chunk : host) {
            feed(keepsNone, chunk, 0);
        }
        assertEquals(1, VoskModels.openedCount() - openedBefore, "renewals within the life keep the recogniser");
        List<TranscriptEvent> expected = finals(keepsNone.extractOutputValues());
        keepsNone.close();

        var shortLife = newHarness(null, "--recognizer-life-ms", "3000");
        openedBefore = VoskModels.openedCount();
        for (AudioChunk chunk : host) {
            feed(shortLife, chunk, 0);
        }
        long opened = VoskModels.openedCount() - openedBefore;
        List<TranscriptEvent> heard = finals(shortLife.extractOutputValues());
        assertEquals(0, VoskModels.keptCount(TestData.englishModel()), "past its life at the track's end: closed, not kept");
        shortLife.close();

        assertTrue(opened >= 2, "a new recogniser took over at a renewal past the life: " + opened + " made");
        assertTrue(expected.size() >= 2, "two sentences, at least two finals: " + expected.size());
        assertEquals(expected.stream().map(TranscriptEvent::getEventId).toList(), heard.stream().map(TranscriptEvent::getEventId).toList());
        assertEquals(expected.stream().map(TranscriptEvent::getText).toList(), heard.stream().map(TranscriptEvent::getText).toList());
        assertEquals(wordTimes(expected), wordTimes(heard), "word times on the track's timeline across the new recogniser");
    }

    private static List<String> wordTimes(List<TranscriptEvent> finals) {
        return finals.stream().flatMap(f -> f.getWords().stream()).map(w -> w.getWord() + "@" + w.getStartMs() + "-" + w.getEndMs()).toList();
    }

    @Test
    void missingAudioIsHeardAsSilenceAndMarkedOnTheCaption() throws Exception {
        Clip clip = TestData.clip("slt-hello");
        List<AudioChunk> chunks = Chunks.track("s1", "host", "p-host", clip, TRACK_START);
        for (int i = 0; i < chunks.size(); i++) {
            if (i == 20 || i == 21) {
                continue; // 200 ms lost at 2.0 s
            }
            feed(harness, chunks.get(i), i == 22 ? 200 : 0);
        }
        List<TranscriptEvent> finals = finals(harness.extractOutputValues());
        TranscriptEvent withGap = finals.stream().filter(f -> !f.getMarkers().isEmpty()).findFirst().orElseThrow();
        assertEquals(MarkerType.GAP, withGap.getMarkers().get(0).getType());
        assertEquals(4_000, withGap.getMarkers().get(0).getStartMs(), "2 s into the track, which starts 2 s into the Space");
        assertEquals(4_200, withGap.getMarkers().get(0).getEndMs());
        Word last = finals.get(finals.size() - 1).getWords().get(finals.get(finals.size() - 1).getWords().size() - 1);
        assertTrue(last.getEndMs() >= 6_900 && last.getEndMs() <= 7_600, "times stay true after the gap: " + last.getEndMs());
    }

    private static List<TranscriptEvent> finals(List<TranscriptEvent> events) {
        return events.stream().filter(e -> e.getKind() == TranscriptKind.FINAL && !e.getText().isBlank()).toList();
    }

    /** {@code a}, a second of silence (enough for Vosk to end the utterance), then {@code b}. */
    private static Clip concat(Clip a, Clip b) {
        short[] x = a.samples();
        short[] y = b.samples();
        int pause = a.sampleRate();
        short[] both = java.util.Arrays.copyOf(x, x.length + pause + y.length);
        System.arraycopy(y, 0, both, x.length + pause, y.length);
        return new Clip(both, a.sampleRate());
    }

    @Test
    void audioBeforeItsSpaceStartsWaitsForTheStartAndAudioOfASpaceThatNeverStartsIsDeadLettered() throws Exception {
        harness.setProcessingTime(0);
        List<AudioChunk> late = Chunks.track("s3", "host", "p-host", TestData.clip("slt-hello"), SPACE_START);
        feed(harness, late.get(0), 0);
        feed(harness, late.get(1), 0);
        assertEquals(2, harness.numEventTimeTimers(),
                "waiting for the room to move past the audio (the Space's start) and up to it (the host's word on captions)");
        harness.processBroadcastElement(SpaceEvent.newBuilder().setSpaceId("s3").setType(SpaceEventType.SPACE_STARTED)
                .setTime(Instant.ofEpochMilli(SPACE_START)).setLanguage("en").build(), 0);
        harness.processBroadcastElement(Chunks.joined("s3", "p-host", SPACE_START, true), 0);
        for (AudioChunk chunk : late.subList(2, late.size())) {
            feed(harness, chunk, 0);
        }
        String text = String.join(" ", finals(harness.extractOutputValues()).stream().map(TranscriptEvent::getText).toList());
        assertEquals(TestData.SLT_HELLO_HEARD, text.strip(), "nothing lost while waiting");
        assertEquals(0, harness.numEventTimeTimers());

        AudioChunk orphan = Chunks.chunk("never-started", "host", 0, SPACE_START, new byte[3200]).build();
        feed(harness, orphan, 0);
        harness.setProcessingTime(30_000);
        harness.processWatermark(new Watermark(SPACE_START + 9_999));
        harness.processBroadcastWatermark(new Watermark(SPACE_START + 9_999));
        assertNull(harness.getSideOutput(DeadLetters.TAG), "the room has not moved far enough past the orphan: it waits");
        harness.processWatermark(new Watermark(SPACE_START + 10_000));
        harness.processBroadcastWatermark(new Watermark(SPACE_START + 10_000));
        List<DeadLetter> letters = harness.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
        assertEquals(List.of("UNKNOWN_SPACE"), letters.stream().map(DeadLetter::getReason).toList());
        assertEquals("never-started", letters.get(0).getSpaceId());
        assertEquals(0, letters.get(0).getSourceOffset(), "under the coordinates of the record it came from");
        assertEquals(0, keyedStateEntries());
        assertEquals(0, harness.numProcessingTimeTimers());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void aWholeRecordingThatArrivedBeforeItsSpaceStartsIsHeardAsSoonAsTheStartComes() throws Exception {
        // A short recording: every chunk, its end included, is in before the start event, and the room
        // does not move on after it (nothing more is said), so no event-time timer will ever fire.
        harness.setProcessingTime(0);
        List<AudioChunk> early = Chunks.track("s4", "mixed", null, TestData.clip("slt-hello"), SPACE_START);
        for (AudioChunk chunk : early) {
            feed(harness, chunk, 0);
        }
        assertEquals(List.of(), finals(harness.extractOutputValues()), "its Space has not started");
        assertNull(harness.getSideOutput(TrackRecognizer.HEARD_MIXED_AUDIO), "the voice stage hears nothing of a Space not started");
        harness.processBroadcastElement(SpaceEvent.newBuilder().setSpaceId("s4").setType(SpaceEventType.SPACE_STARTED)
                .setTime(Instant.ofEpochMilli(SPACE_START)).setLanguage("en").build(), 0);
        harness.setProcessingTime(TrackRecognizer.SPACE_RECHECK_MS);
        String text = String.join(" ", finals(harness.extractOutputValues()).stream().map(TranscriptEvent::getText).toList());
        assertEquals(TestData.SLT_HELLO_HEARD, text.strip(), "heard within one recheck of the start, not after max-hold-ms");
        assertEquals(early.stream().map(AudioChunk::getSequence).toList(), harness.getSideOutput(TrackRecognizer.HEARD_MIXED_AUDIO)
                .stream().map(r -> r.getValue().chunk.getSequence()).toList(), "the voice stage hears the mixed track as it was heard, end included");
        assertEquals(0, harness.numEventTimeTimers());
        assertEquals(0, harness.numProcessingTimeTimers(), "the track ended: no wait and no idle timer is left");
    }

    @Test
    void aFloodOfNewTracksIsCappedPerSubtaskAndPerSpaceAndOpenTracksGoOn() throws Exception {
        harness.close();
        harness = newHarness(null, "--max-recognizers", "2", "--max-tracks-per-space", "1");
        harness.setProcessingTime(0);
        for (String space : List.of("s2", "s3")) {
            harness.processBroadcastElement(SpaceEvent.newBuilder().setSpaceId(space).setType(SpaceEventType.SPACE_STARTED)
                    .setTime(Instant.ofEpochMilli(SPACE_START)).setLanguage("en").build(), 0);
        }
        feed(harness, mixed("s1", "a", 0), 0);
        feed(harness, mixed("s1", "b", 0), 0);        // a second track of s1 on this subtask: over the Space's cap
        feed(harness, mixed("s2", "a", 0), 0);        // two recognisers open now
        feed(harness, mixed("s3", "a", 0), 0);        // over the subtask's cap
        feed(harness, mixed("s1", "a", 1), 0);        // an open track goes on
        assertEquals(List.of("TRACK_QUOTA", "RECOGNIZER_QUOTA"), deadLetterReasons());
        TrackRecognizer recognizer = (TrackRecognizer) ((CoBroadcastWithKeyedOperator<?, ?, ?, ?>) harness.getTwoInputOperator()).getUserFunction();
        assertEquals(2, recognizer.openRecognizers());
        // A track that ends makes room: the refused Space's next audio is heard.
        AudioChunk end = mixed("s1", "a", 2);
        end.setEndOfTrack(true);
        end.setPayload(java.nio.ByteBuffer.allocate(0));
        feed(harness, end, 0);
        feed(harness, mixed("s3", "a", 1), 0);
        assertEquals(2, recognizer.openRecognizers());
        assertEquals(List.of("TRACK_QUOTA", "RECOGNIZER_QUOTA"), deadLetterReasons(), "nothing more refused");
    }

    @Test
    void audioWaitingForItsSpaceIsHeldToItsByteCap() throws Exception {
        harness.close();
        harness = newHarness(null, "--max-awaiting-bytes", "6400");
        harness.setProcessingTime(0);
        for (int seq = 0; seq < 3; seq++) {
            feed(harness, mixed("not-yet", "a", seq), 0);
        }
        assertEquals(List.of("AWAITING_SPACE_FULL"), deadLetterReasons(), "the third 3200-byte chunk is one too many");
        harness.setProcessingTime(60_000);
        assertEquals(List.of("AWAITING_SPACE_FULL", "UNKNOWN_SPACE", "UNKNOWN_SPACE"), deadLetterReasons(),
                "what waited is let go when the wait ends");
        assertEquals(0, keyedStateEntries());
        assertEquals(0, harness.numProcessingTimeTimers());
    }

    @Test
    void audioWaitingForSpacesIsHeldToASubtaskWideCapToo() throws Exception {
        harness.close();
        harness = newHarness(null, "--max-awaiting-bytes", "6400", "--max-awaiting-bytes-total", "16000");
        harness.setProcessingTime(0);
        // A flood of tracks of Spaces that never start: each under its own cap, together over the subtask's.
        for (int track = 0; track < 3; track++) {
            for (int seq = 0; seq < 2; seq++) {
                feed(harness, mixed("never-" + track, "t", seq), 0);
            }
        }
        assertEquals(List.of("AWAITING_SPACE_FULL"), deadLetterReasons(), "the sixth 3200-byte chunk is one too many");
        TrackRecognizer recognizer = (TrackRecognizer) ((CoBroadcastWithKeyedOperator<?, ?, ?, ?>) harness.getTwoInputOperator()).getUserFunction();
        harness.setProcessingTime(60_000);
        assertEquals(6, deadLetterReasons().size(), "what waited is let go when the wait ends");
        // Released, the room is made again: a new track waits.
        feed(harness, mixed("never-4", "t", 0), 0);
        assertEquals(6, deadLetterReasons().size(), "room again after the release: " + deadLetterReasons());
        harness.setProcessingTime(200_000);
        assertEquals("UNKNOWN_SPACE", deadLetterReasons().get(6), "and it waited, as any audio does");
        assertEquals(0, keyedStateEntries());
        assertEquals(0, harness.numProcessingTimeTimers());
        assertEquals(0, recognizer.openRecognizers());
    }

    /** 100 ms of silence on a mixed track (no participant, so no consent to wait for). */
    private static AudioChunk mixed(String space, String track, long seq) {
        return Chunks.chunk(space, track, seq, SPACE_START + seq * 100, new byte[3200]).setParticipantId(null).build();
    }

    private List<String> deadLetterReasons() {
        var letters = harness.getSideOutput(DeadLetters.TAG);
        return letters == null ? List.of() : letters.stream().map(r -> r.getValue().getReason()).toList();
    }

    @Test
    void aProducerThatComesBackAfterItsTrackWasReleasedGoesOnNumberingItsUtterances() throws Exception {
        harness.setStateTtlProcessingTime(0);
        harness.setProcessingTime(0);
        List<AudioChunk> first = Chunks.track("s1", "host", "p-host", TestData.clip("slt-hello"), TRACK_START);
        first.forEach(c -> feedQuietly(c));
        List<String> before = finals(harness.extractOutputValues()).stream().map(TranscriptEvent::getUtteranceId).toList();
        assertEquals(0, keyedStateEntries(), "the ended track is released");
        assertEquals(1, numberingEntries(), "but its numbering is kept");
        // The producer reconnects and sends the track again from sequence 0, as a new recording.
        harness.getOutput().clear();
        Chunks.track("s1", "host", "p-host", TestData.clip("slt-hello"), TRACK_START + 60_000).forEach(c -> feedQuietly(c));
        List<String> after = finals(harness.extractOutputValues()).stream().map(TranscriptEvent::getUtteranceId).toList();
        assertFalse(after.isEmpty());
        assertTrue(after.stream().noneMatch(before::contains), "no utterance id is taken twice: " + before + " then " + after);
        // The numbering goes once the Space would have been forgotten (idle-space-timeout-ms, 2 h): a
        // track that comes back after that is a new one, numbered from the start.
        harness.getOutput().clear();
        harness.setStateTtlProcessingTime(2 * 3_600_000L + 1);
        Chunks.track("s1", "host", "p-host", TestData.clip("slt-hello"), TRACK_START + 120_000).forEach(c -> feedQuietly(c));
        assertEquals(before, finals(harness.extractOutputValues()).stream().map(TranscriptEvent::getUtteranceId).toList(),
                "expired with the Space's idle timeout");
    }

    private void feedQuietly(AudioChunk chunk) {
        try {
            feed(harness, chunk, 0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void audioOfASpaceThatNeverStartsIsLetGoOnTheWallClockWhenTheRoomStalls() throws Exception {
        harness.setProcessingTime(0);
        feed(harness, Chunks.chunk("stalled", "host", 0, SPACE_START, new byte[3200]).build(), 0);
        harness.setProcessingTime(59_999);
        assertNull(harness.getSideOutput(DeadLetters.TAG));
        harness.setProcessingTime(60_000);
        assertEquals("UNKNOWN_SPACE", harness.getSideOutput(DeadLetters.TAG).peek().getValue().getReason(),
                "max-hold-ms bounds the wait whatever the room does");
        assertEquals(0, keyedStateEntries());
        assertEquals(0, harness.numProcessingTimeTimers());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void aSpaceInALanguageWithNoModelIsDeadLettered() throws Exception {
        harness.processBroadcastElement(SpaceEvent.newBuilder().setSpaceId("s2").setType(SpaceEventType.SPACE_STARTED)
                .setTime(Instant.ofEpochMilli(SPACE_START)).setLanguage("nl").build(), 0);
        harness.processBroadcastElement(Chunks.joined("s2", "host", SPACE_START, null), 0);
        AudioChunk chunk = Chunks.chunk("s2", "host", 0, SPACE_START, new byte[3200]).build();
        feed(harness, chunk, 0);
        assertTrue(harness.extractOutputValues().isEmpty());
        List<DeadLetter> letters = harness.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
        assertEquals(1, letters.size());
        assertEquals("NO_MODEL_FOR_LANGUAGE", letters.get(0).getReason());
        assertTrue(letters.get(0).getMessage().contains("--model.nl"), letters.get(0).getMessage());
    }

    private static String wordsOf(List<TranscriptEvent> captions) {
        return String.join(" ", captions.stream().filter(e -> e.getKind() == TranscriptKind.FINAL)
                .flatMap(e -> e.getWords().stream()).map(Word::getWord).toList());
    }

    @Test
    void aParticipantsFirstAudioWaitsForTheirWordOnCaptionsAndIsDroppedUnheardWhenTheyDeclined() throws Exception {
        List<AudioChunk> chunks = Chunks.track("s1", "late", "p-late", TestData.clip("slt-hello"), TRACK_START);
        for (AudioChunk chunk : chunks.subList(0, 10)) {
            feed(harness, chunk, 0);
        }
        assertEquals(List.of(), harness.extractOutputValues(), "no join yet, and the room not heard up to the audio: it waits");
        // The decline was sent before the audio but reaches the job after it (another topic).
        harness.processBroadcastElement(Chunks.joined("s1", "p-late", TRACK_START - 1_000, false), 0);
        for (AudioChunk chunk : chunks.subList(10, chunks.size())) {
            feed(harness, chunk, 0);
        }
        List<TranscriptEvent> out = harness.extractOutputValues();
        assertTrue(out.stream().allMatch(e -> e.getWords().isEmpty() && e.getKind() == TranscriptKind.FINAL),
                "not one word or partial of theirs: " + out.stream().map(TranscriptEvent::getText).toList());
        assertTrue(out.stream().anyMatch(e -> e.getMarkers().stream().anyMatch(m -> m.getType() == MarkerType.CAPTIONS_OFF)),
                "the captions say that they speak");
        assertTrue(out.get(out.size() - 1).getEndOfTrack());
        assertEquals(0, keyedStateEntries(), "nothing of the track is kept");
    }

    @Test
    void aParticipantWhoseJoinNeverComesIsHeardOnceTheRoomHasPassedTheirFirstAudio() throws Exception {
        List<AudioChunk> chunks = Chunks.track("s1", "late", "p-late", TestData.clip("slt-hello"), TRACK_START);
        for (AudioChunk chunk : chunks.subList(0, 30)) {
            feed(harness, chunk, 0);
        }
        assertEquals(List.of(), harness.extractOutputValues());
        harness.processWatermark(new Watermark(TRACK_START));
        harness.processBroadcastWatermark(new Watermark(TRACK_START));
        assertFalse(harness.extractOutputValues().isEmpty(), "released when the room reached the first chunk");
        for (AudioChunk chunk : chunks.subList(30, chunks.size())) {
            feed(harness, chunk, 0);
        }
        assertEquals(TestData.SLT_HELLO_HEARD, wordsOf(harness.extractOutputValues()), "every chunk recognised, in order");
    }

    @Test
    void captionsWithdrawnMidTrackEndWhatWasSaidBeforeAndHearNothingAfter() throws Exception {
        List<AudioChunk> chunks = Chunks.track("s1", "host", "p-host", TestData.clip("slt-hello"), TRACK_START);
        int half = chunks.size() / 2;
        for (AudioChunk chunk : chunks.subList(0, half)) {
            feed(harness, chunk, 0);
        }
        harness.processBroadcastElement(Chunks.joined("s1", "p-host", TRACK_START + 3_000, false), 0);
        for (AudioChunk chunk : chunks.subList(half, chunks.size())) {
            feed(harness, chunk, 0);
        }
        List<TranscriptEvent> out = harness.extractOutputValues();
        String heard = wordsOf(out);
        assertTrue(heard.startsWith("the quick brown") && !heard.contains("captions today"),
                "the words before the withdrawal, as a final, and none after: " + heard);
        TranscriptEvent withdrawn = out.stream().filter(e -> e.getKind() == TranscriptKind.FINAL && !e.getWords().isEmpty())
                .reduce((a, b) -> b).orElseThrow();
        assertTrue(out.indexOf(withdrawn) < out.size() - 1, "then the captions-off notes");
        assertTrue(out.subList(out.indexOf(withdrawn) + 1, out.size()).stream().allMatch(e -> e.getWords().isEmpty()));
        assertEquals(0, keyedStateEntries());
    }
}
