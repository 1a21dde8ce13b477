package io.spacecaps.ingest;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.kafka.Topics;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.testing.Chunks;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TrackSequencerTest {

    private KeyedOneInputStreamOperatorTestHarness<String, AudioChunk, SequencedChunk> harness;

    @BeforeEach
    void setUp() throws Exception {
        SpacecapsConfig config = SpacecapsConfig.fromArgs(new String[]{
                "--reorder-wait-ms", "500", "--max-gap-fill-ms", "5000", "--ended-track-retention-ms", "10000"});
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(new TrackSequencer(config),
                c -> Topics.audioKey(c.getSpaceId(), c.getTrackId()), Types.STRING);
        harness.setProcessingTime(0);
    }

    /** Chunk {@code seq} of 100 ms, captured at seq × 100 ms. */
    private void send(long seq) throws Exception {
        send(Chunks.chunk("s1", "t1", seq, 1_000_000 + seq * 100, new byte[3200]).build());
    }

    private void send(AudioChunk chunk) throws Exception {
        harness.processElement(new StreamRecord<>(chunk));
    }

    private List<Long> passed() {
        return harness.extractOutputValues().stream().map(s -> s.chunk.getSequence()).toList();
    }

    private List<String> rejected() {
        var side = harness.getSideOutput(DeadLetters.TAG);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).map(DeadLetter::getReason).toList();
    }

    @Test
    void reordersWithinTheWaitAndDropsDuplicates() throws Exception {
        send(0);
        send(2);
        send(1);
        send(1);
        send(3);
        send(2);
        assertEquals(List.of(0L, 1L, 2L, 3L), passed());
        assertEquals(1, harness.numProcessingTimeTimers(), "the wait timer set for chunk 2 is still pending (it will find nothing)");
        assertEquals(List.of(), rejected());
    }

    @Test
    void aMissingRangeBecomesSilenceOfTheRightLengthAndLateChunksAreDeadLettered() throws Exception {
        send(0);
        send(1);
        send(4);
        send(5);
        assertEquals(List.of(0L, 1L), passed());
        harness.setProcessingTime(500);
        assertEquals(List.of(0L, 1L, 4L, 5L), passed());
        SequencedChunk afterGap = harness.extractOutputValues().get(2);
        assertEquals(200, afterGap.gapMs, "chunks 2 and 3, 100 ms each, are missing");
        send(3);
        assertEquals(List.of("LATE_CHUNK"), rejected());
        send(6);
        assertEquals(0, harness.extractOutputValues().get(4).gapMs);
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
        send(Chunks.chunk("s1", "t1", 1, 1_000_100, new byte[0]).setEndOfTrack(true).build());
        send(Chunks.chunk("s1", "t1", 1, 1_000_100, new byte[0]).setEndOfTrack(true).build());
        send(2);
        assertEquals(List.of(0L, 1L), passed());
        assertEquals(List.of("AFTER_END_OF_TRACK"), rejected());
        harness.setProcessingTime(10_000);
        assertEquals(0, harness.numKeyedStateEntries());
        assertEquals(0, harness.numProcessingTimeTimers());
    }

    @Test
    void aHugeJumpInSequenceIsCappedSilenceNotAFlood() throws Exception {
        send(0);
        send(Chunks.chunk("s1", "t1", 1_000_000_000L, 1_000_000 + 3_600_000, new byte[3200]).build());
        harness.setProcessingTime(500);
        assertEquals(List.of(0L, 1_000_000_000L), passed());
        assertEquals(5_000, harness.extractOutputValues().get(1).gapMs, "capped at max-gap-fill-ms");
    }
}
