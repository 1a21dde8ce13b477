package io.spacecaps.ingest;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.testing.Chunks;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The sequencer in Flink's keyed harness: gaps are decided by the room's progress (watermarks), releases by the wall clock. */
class TrackSequencerTest {

    private static final long T0 = 1_000_000;
    private KeyedOneInputStreamOperatorTestHarness<String, TrackChunk, TrackChunk> harness;

    @BeforeEach
    void setUp() throws Exception {
        SpacecapsConfig config = SpacecapsConfig.fromArgs(new String[]{
                "--reorder-wait-ms", "500", "--max-gap-fill-ms", "5000", "--ended-track-retention-ms", "10000",
                "--idle-track-timeout-ms", "30000"});
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new TrackSequencer(config), TrackChunk::trackKey, Types.STRING);
        harness.setProcessingTime(0);
    }

    /** Chunk {@code seq} of 100 ms, captured at T0 + seq × 100 ms. */
    private void send(long seq) throws Exception {
        send(Chunks.chunk("s1", "t1", seq, T0 + seq * 100, new byte[3200]).build());
    }

    private void send(AudioChunk chunk) throws Exception {
        TrackChunk c = Chunks.onTrack(chunk);
        harness.processElement(new StreamRecord<>(c, c.eventTime));
    }

    /** The room has been heard up to {@code ms} after T0. */
    private void roomAt(long ms) throws Exception {
        harness.processWatermark(new Watermark(T0 + ms));
    }

    private List<Long> passed() {
        return harness.extractOutputValues().stream().map(s -> s.chunk.getSequence()).toList();
    }

    private List<String> rejected() {
        var side = harness.getSideOutput(DeadLetters.TAG);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).map(DeadLetter::getReason).toList();
    }

    @Test
    void reordersWhileTheRoomWaitsAndDropsDuplicates() throws Exception {
        send(0);
        send(2);
        send(1);
        send(1);
        send(3);
        send(2);
        assertEquals(List.of(0L, 1L, 2L, 3L), passed());
        assertEquals(0, harness.numEventTimeTimers(), "nothing waits, so nothing waits for the room");
        assertEquals(List.of(), rejected());
    }

    @Test
    void aMissingRangeIsSilenceOnceTheRoomHasMovedPastItAndLateChunksAreDeadLettered() throws Exception {
        send(0);
        send(1);
        send(4);
        send(5);
        assertEquals(List.of(0L, 1L), passed());
        harness.setProcessingTime(20_000);
        roomAt(400 + 499);
        assertEquals(List.of(0L, 1L), passed(), "neither the wall clock nor a room short of the wait decide a gap");
        roomAt(400 + 500);
        assertEquals(List.of(0L, 1L, 4L, 5L), passed());
        TrackChunk afterGap = harness.extractOutputValues().get(2);
        assertEquals(200, afterGap.gapMs, "chunks 2 and 3, 100 ms each, are missing");
        send(3);
        assertEquals(List.of("LATE_CHUNK"), rejected());
        DeadLetter late = harness.getSideOutput(DeadLetters.TAG).peek().getValue();
        assertEquals("spaces.audio", late.getSourceTopic());
        assertEquals(3, late.getSourceOffset(), "the dead letter names the record the chunk came from");
        send(6);
        assertEquals(0, harness.extractOutputValues().get(4).gapMs);
    }

    /**
     * BATCH mode (a backfill) sorts the recogniser's input by timestamp: a chunk passed when the one
     * before it came, or when the room moved past a gap, keeps its own capture time, not the time of
     * what released it.
     */
    @Test
    void everyChunkPassedOnCarriesItsOwnCaptureTime() throws Exception {
        send(0);
        send(2);
        send(3);
        send(1);
        send(6);
        roomAt(600 + 500);
        assertEquals(List.of(0L, 1L, 2L, 3L, 6L), passed());
        List<Long> stamps = harness.extractOutputStreamRecords().stream().map(r -> ((StreamRecord<?>) r).getTimestamp()).toList();
        assertEquals(List.of(T0, T0 + 100, T0 + 200, T0 + 300, T0 + 600), stamps);
    }

    @Test
    void theFirstChunksMayComeInAnyOrder() throws Exception {
        send(1);
        send(0);
        assertEquals(List.of(0L, 1L), passed());
    }

    @Test
    void endOfTrackTwiceAndChunksAfterTheEndAreHandledAndStateIsClearedAfterwards() throws Exception {
        send(0);
        send(Chunks.chunk("s1", "t1", 1, T0 + 100, new byte[0]).setEndOfTrack(true).build());
        send(Chunks.chunk("s1", "t1", 1, T0 + 100, new byte[0]).setEndOfTrack(true).build());
        send(2);
        assertEquals(List.of(0L, 1L), passed());
        assertEquals(List.of("AFTER_END_OF_TRACK"), rejected());
        harness.setProcessingTime(10_000);
        assertEquals(1, harness.numKeyedStateEntries(), "only the track's route, kept while the recogniser keeps its numbering");
        assertEquals(0, harness.numProcessingTimeTimers());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void aHugeJumpInSequenceIsCappedSilenceNotAFlood() throws Exception {
        send(0);
        send(Chunks.chunk("s1", "t1", 1_000_000_000L, T0 + 3_600_000, new byte[3200]).build());
        roomAt(3_600_000 + 500);
        assertEquals(List.of(0L, 1_000_000_000L), passed());
        assertEquals(5_000, harness.extractOutputValues().get(1).gapMs, "capped at max-gap-fill-ms");
    }

    @Test
    void aTrackThatStopsMidSentenceIsReleasedOnTheWallClockWithWhatWaitedPassedOn() throws Exception {
        send(0);
        send(1);
        send(3);                                   // 2 never comes, and neither does anything after 3
        harness.setProcessingTime(29_999);
        assertEquals(List.of(0L, 1L), passed(), "the room does not move: chunk 3 still waits");
        harness.setProcessingTime(30_000);
        assertEquals(List.of(0L, 1L, 3L), passed(), "a quiet track passes on what waited, after its gap");
        assertEquals(100, harness.extractOutputValues().get(2).gapMs);
        assertEquals(1, harness.numKeyedStateEntries(), "only the track's route");
        assertEquals(0, harness.numProcessingTimeTimers());
        assertEquals(0, harness.numEventTimeTimers());
    }

    @Test
    void aTrackThatKeepsTalkingIsNotReleased() throws Exception {
        send(0);
        harness.setProcessingTime(20_000);
        send(1);
        harness.setProcessingTime(30_000);
        assertTrue(harness.numKeyedStateEntries() > 0, "still alive: its last chunk was 10 s ago");
        assertEquals(1, harness.numProcessingTimeTimers(), "its release moved on to 30 s after that chunk");
        send(2);
        assertEquals(List.of(0L, 1L, 2L), passed(), "and it goes on in order");
    }

    @Test
    void aProducerThatReconnectsAndNumbersFromZeroAgainStartsANewEpochAfterAGap() throws Exception {
        for (long seq = 0; seq < 5; seq++) {
            send(seq);
        }
        // The producer reconnects 2 s into the track (1.5 s after its last audio) and counts from 0 again.
        for (long seq = 0; seq < 3; seq++) {
            send(Chunks.chunk("s1", "t1", seq, T0 + 2_000 + seq * 100, new byte[3200]).build());
        }
        // A chunk 0 of the first numbering sent twice is still a duplicate: its audio is not later.
        send(0);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 0L, 1L, 2L), passed());
        assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 1500L, 0L, 0L),
                harness.extractOutputValues().stream().map(c -> c.gapMs).toList(), "the stretch between is heard as silence");
        assertEquals(List.of(), rejected(), "nothing dropped as a duplicate or dead-lettered");

        // After the track's end, the same: a new recording of the track is heard, not dropped.
        send(Chunks.chunk("s1", "t1", 3, T0 + 2_300, new byte[0]).setEndOfTrack(true).build());
        send(Chunks.chunk("s1", "t1", 0, T0 + 9_000, new byte[3200]).build());
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 0L, 1L, 2L, 3L, 0L), passed());
        assertEquals(List.of(), rejected());
    }

    /**
     * At two recogniser subtasks, eight tracks whose keys Flink would all put on subtask 0: the
     * sequencer's routes put four on each, every chunk of a track (a gap's included) carries its
     * track's one route, and a track keeps its route through a release and a restore.
     */
    @Test
    void tracksAreRoutedEvenlyOverTheRecognisersAndKeepTheirRoute() throws Exception {
        SpacecapsConfig config = SpacecapsConfig.fromArgs(new String[]{"--reorder-wait-ms", "500", "--idle-track-timeout-ms", "30000"});
        var twoSubtasks = liveSequencer(config);
        twoSubtasks.open();
        List<String> tracks = tracksHashedTo(0, 2, 8);
        for (String track : tracks) {
            for (long seq : new long[]{0, 1, 3}) {
                TrackChunk c = Chunks.onTrack(Chunks.chunk("space", track, seq, T0 + seq * 100, new byte[3200]).build());
                twoSubtasks.processElement(new StreamRecord<>(c, c.eventTime));
            }
        }
        twoSubtasks.processWatermark(new Watermark(T0 + 10_000)); // chunk 2 is not coming: 3 passes after a gap
        List<TrackChunk> passed = twoSubtasks.extractOutputValues();
        assertEquals(24, passed.size());
        java.util.Map<String, java.util.Set<String>> routes = new java.util.HashMap<>();
        passed.forEach(c -> routes.computeIfAbsent(c.trackKey(), k -> new java.util.HashSet<>()).add(c.route));
        assertTrue(routes.values().stream().allMatch(r -> r.size() == 1), "one route per track: " + routes);
        int[] perSubtask = new int[2];
        routes.values().forEach(r -> perSubtask[recognizerOf(r.iterator().next(), 2)]++);
        assertEquals(List.of(4, 4), List.of(perSubtask[0], perSubtask[1]), "spread evenly, not all on subtask 0");

        // Released (quiet for the idle timeout), then back: the same route, so the same recogniser state.
        // A track placed on subtask 1, whose route is salted: placed afresh it would go to subtask 0.
        String first = tracks.stream().filter(t -> !routes.get("space/" + t).contains("space/" + t)).findFirst().orElseThrow();
        String route = routes.get("space/" + first).iterator().next();
        twoSubtasks.setProcessingTime(40_000);
        var snapshot = twoSubtasks.snapshot(1, 40_000);
        twoSubtasks.close();
        var restored = liveSequencer(config);
        restored.initializeState(snapshot);
        restored.open();
        TrackChunk back = Chunks.onTrack(Chunks.chunk("space", first, 0, T0 + 60_000, new byte[3200]).build());
        restored.processElement(new StreamRecord<>(back, back.eventTime));
        assertEquals(List.of(route), restored.extractOutputValues().stream().map(c -> c.route).toList(),
                "released, restored and back: the route it had");
        restored.close();
    }

    @Test
    void anEndedTrackNoLongerCountsWhereTheNextTrackGoes() throws Exception {
        // Its ended state is kept for a minute, to recognise stragglers; its recogniser is gone at once.
        SpacecapsConfig config = SpacecapsConfig.fromArgs(new String[]{"--reorder-wait-ms", "500"});
        var sequencer = liveSequencer(config);
        sequencer.open();
        List<String> tracks = tracksHashedTo(0, 2, 3);
        TrackChunk open = Chunks.onTrack(Chunks.chunk("space", tracks.get(0), 0, T0, new byte[3200]).build());
        sequencer.processElement(new StreamRecord<>(open, open.eventTime));
        TrackChunk end = Chunks.onTrack(Chunks.chunk("space", tracks.get(0), 1, T0 + 100, new byte[0]).setEndOfTrack(true).build());
        sequencer.processElement(new StreamRecord<>(end, end.eventTime));
        TrackChunk next = Chunks.onTrack(Chunks.chunk("space", tracks.get(1), 0, T0 + 200, new byte[3200]).build());
        sequencer.processElement(new StreamRecord<>(next, next.eventTime));
        // With the first still open, the next would go to the other recogniser (tracksAreRouted... above).
        TrackChunk beside = Chunks.onTrack(Chunks.chunk("space", tracks.get(2), 0, T0 + 300, new byte[3200]).build());
        sequencer.processElement(new StreamRecord<>(beside, beside.eventTime));

        List<TrackChunk> passed = sequencer.extractOutputValues();
        assertEquals(4, passed.size(), "both chunks of the ended track and the first of each other: " + passed);
        assertEquals(List.of(0, 0, 0, 1), passed.stream().map(c -> recognizerOf(c.route, 2)).toList(),
                "the ended track's place is free again for the next; the one beside it goes to the other recogniser");
        sequencer.close();
    }

    /**
     * In BATCH mode one sequencer subtask gets every track, one after another, each to its end (Flink
     * sorts its input by key): it deals them out over the recognisers in turn, one each at four.
     */
    @Test
    void inBatchModeOneSubtaskDealsTheTracksOutOverTheRecognisersInTurn() throws Exception {
        var oneSubtask = batchSequencer(4);
        // Keys Flink would all put on recogniser subtask 0 of 4.
        List<String> tracks = tracksHashedTo(0, 4, 4);
        for (String track : tracks) {
            wholeTrack(oneSubtask, track, 3, new byte[3200]);
        }
        java.util.Map<String, Integer> subtaskOf = subtasksOfRoutes(oneSubtask, 4);
        assertEquals(java.util.Set.of(0, 1, 2, 3), new java.util.HashSet<>(subtaskOf.values()), "one track on each recogniser: " + subtaskOf);
        oneSubtask.close();
    }

    /** BATCH mode at two recognisers: tracks that speak more (loud) and less (silent), every other one, end up shared. */
    @Test
    void inBatchModeTracksThatSpeakMoreAreSharedOutToo() throws Exception {
        var oneSubtask = batchSequencer(2);
        byte[] loud = new byte[3200];
        for (int i = 0; i < loud.length; i += 2) {
            short sample = (short) (8000 * Math.sin(i / 2 * 2 * Math.PI * 200 / 16_000));
            loud[i] = (byte) sample;
            loud[i + 1] = (byte) (sample >> 8);
        }
        List<String> tracks = tracksHashedTo(0, 2, 4);
        for (int t = 0; t < tracks.size(); t++) {
            wholeTrack(oneSubtask, tracks.get(t), 10, t % 2 == 0 ? loud : new byte[3200]);
        }
        java.util.Map<String, Integer> subtaskOf = subtasksOfRoutes(oneSubtask, 2);
        // In turn alone the two loud tracks (the first and third) would both be on subtask 0.
        assertEquals(List.of(0, 1, 1, 0), List.copyOf(subtaskOf.values()), "a loud and a silent track on each: " + subtaskOf);
        oneSubtask.close();
    }

    /** Sequencer subtask 0 of 2 in a live job (not yet opened). */
    private static KeyedOneInputStreamOperatorTestHarness<String, TrackChunk, TrackChunk> liveSequencer(SpacecapsConfig config) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new org.apache.flink.streaming.api.operators.KeyedProcessOperator<>(new TrackSequencer(config)),
                TrackChunk::trackKey, Types.STRING, 128, 2, 0);
    }

    /** Names of {@code count} tracks of Space "space" whose own keys Flink puts on recogniser {@code subtask} of {@code recognizers}. */
    private static List<String> tracksHashedTo(int subtask, int recognizers, int count) {
        return TrackPlacementTest.keysHashedTo(subtask, recognizers, count).stream().map(k -> k.substring(k.indexOf('/') + 1)).toList();
    }

    /** The recogniser subtask (of {@code recognizers}) a chunk with this route is keyed to. */
    private static int recognizerOf(String route, int recognizers) {
        return org.apache.flink.runtime.state.KeyGroupRangeAssignment.assignKeyToParallelOperator(route, 128, recognizers);
    }

    /** One sequencer subtask of a job in BATCH mode, placing tracks over {@code recognizers} recogniser subtasks. */
    private static KeyedOneInputStreamOperatorTestHarness<String, TrackChunk, TrackChunk> batchSequencer(int recognizers) throws Exception {
        SpacecapsConfig config = SpacecapsConfig.fromArgs(new String[]{"--parallelism", String.valueOf(recognizers)});
        var harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new org.apache.flink.streaming.api.operators.KeyedProcessOperator<>(new TrackSequencer(config)),
                TrackChunk::trackKey, Types.STRING, 128, 1, 0);
        harness.getEnvironment().getJobConfiguration().set(org.apache.flink.configuration.ExecutionOptions.RUNTIME_MODE,
                org.apache.flink.api.common.RuntimeExecutionMode.BATCH);
        harness.open();
        return harness;
    }

    /** A whole track of {@code chunks} 100 ms chunks of {@code pcm}, to its end, as BATCH mode hands it over. */
    private static void wholeTrack(KeyedOneInputStreamOperatorTestHarness<String, TrackChunk, TrackChunk> harness, String track,
                                   int chunks, byte[] pcm) throws Exception {
        for (long seq = 0; seq < chunks; seq++) {
            AudioChunk.Builder chunk = Chunks.chunk("space", track, seq, T0 + seq * 100, pcm);
            TrackChunk c = Chunks.onTrack((seq == chunks - 1 ? chunk.setEndOfTrack(true) : chunk).build());
            harness.processElement(new StreamRecord<>(c, c.eventTime));
        }
    }

    /** Each track's recogniser subtask, by its route, in the order the tracks were passed on. */
    private static java.util.Map<String, Integer> subtasksOfRoutes(KeyedOneInputStreamOperatorTestHarness<String, TrackChunk, TrackChunk> harness,
                                                                   int recognizers) {
        java.util.Map<String, Integer> subtaskOf = new java.util.LinkedHashMap<>();
        harness.extractOutputValues().forEach(c -> subtaskOf.put(c.trackKey(), recognizerOf(c.route, recognizers)));
        return subtaskOf;
    }
}
