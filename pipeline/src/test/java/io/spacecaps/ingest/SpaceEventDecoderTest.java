package io.spacecaps.ingest;

import io.spacecaps.kafka.RawRecord;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import io.spacecaps.schema.wire.WireFormat;
import io.spacecaps.testing.Chunks;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The room-event decoder in Flink's harness: good events pass with their timestamps, everything else is a dead letter. */
class SpaceEventDecoderTest {

    private final WireFormat<SpaceEvent> wire = WireFormat.of(SpaceEvent.class);
    private long offset;

    private void send(OneInputStreamOperatorTestHarness<RawRecord, SpaceEvent> harness, byte[] value) throws Exception {
        harness.processElement(new StreamRecord<>(new RawRecord("spaces.events", 1, offset, 5_000 + offset, "s1".getBytes(), value),
                5_000 + offset));
        offset++;
    }

    private static SpaceEvent.Builder event() {
        return SpaceEvent.newBuilder().setSpaceId("s1").setType(SpaceEventType.PARTICIPANT_JOINED)
                .setTime(Instant.ofEpochMilli(5_000)).setParticipantId("p1").setDisplayName("Ada");
    }

    @Test
    void decodesEventsAndSetsAsideWhatItCannotUse() throws Exception {
        try (var harness = ProcessFunctionTestHarnesses.forProcessFunction(new SpaceEventDecoder(1_000, 30_000))) {
            send(harness, wire.encode(event().build()));                                  // 0: ok
            send(harness, "not avro".getBytes());                                           // 1
            send(harness, WireFormat.of(AudioChunk.class).encode(Chunks.chunk("s1", "t", 0, 0, new byte[2]).build())); // 2
            send(harness, wire.encode(event().setSpaceId(" ").build()));                    // 3
            send(harness, new byte[1_001]);                                                 // 4
            send(harness, new byte[0]);                                                     // 5
            send(harness, wire.encode(event().setType(SpaceEventType.SPEAKING_STARTED).build())); // 6: ok

            List<StreamRecord<? extends SpaceEvent>> passed = harness.extractOutputStreamRecords();
            assertEquals(List.of(SpaceEventType.PARTICIPANT_JOINED, SpaceEventType.SPEAKING_STARTED),
                    passed.stream().map(r -> r.getValue().getType()).toList());
            assertEquals(5_006, passed.get(1).getTimestamp(), "an event keeps its record's event time");
            List<DeadLetter> letters = harness.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
            assertEquals(List.of("NOT_AVRO", "UNKNOWN_SCHEMA", "MISSING_ID", "OVERSIZED_RECORD", "EMPTY_RECORD"),
                    letters.stream().map(DeadLetter::getReason).toList());
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), letters.stream().map(DeadLetter::getSourceOffset).toList());
            assertTrue(letters.stream().allMatch(l -> l.getSourceTopic().equals("spaces.events")));
        }
    }

    @Test
    void anEventDatedAheadOfTheJobsClockIsADeadLetterAndMovesNoWatermark() throws Exception {
        long now = System.currentTimeMillis();
        long twoDaysAhead = now + 2 * 24 * 3_600_000L;
        try (var harness = ProcessFunctionTestHarnesses.forProcessFunction(new SpaceEventDecoder(1_000, 30_000))) {
            SpaceEvent start = event().setType(SpaceEventType.SPACE_STARTED).setParticipantId(null).build();
            // A start dated two days ahead, in a record stamped now: the event's own time decides.
            start.setTime(Instant.ofEpochMilli(twoDaysAhead));
            harness.processElement(new StreamRecord<>(new RawRecord("spaces.events", 0, 7, now, "s1".getBytes(), wire.encode(start)), now));
            // Dated now in a record stamped two days ahead: the record's timestamp (the event time) decides as well.
            SpaceEvent join = event().setTime(Instant.ofEpochMilli(now)).build();
            harness.processElement(new StreamRecord<>(new RawRecord("spaces.events", 0, 8, twoDaysAhead, "s1".getBytes(),
                    wire.encode(join)), twoDaysAhead));
            // Within the skew: a producer a few seconds ahead is normal.
            harness.processElement(new StreamRecord<>(new RawRecord("spaces.events", 0, 9, now + 5_000, "s1".getBytes(),
                    wire.encode(event().setTime(Instant.ofEpochMilli(now + 5_000)).build())), now + 5_000));

            assertEquals(1, harness.extractOutputStreamRecords().size(), "only the event within the skew passes");
            List<DeadLetter> letters = harness.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
            assertEquals(List.of("FUTURE_TIME", "FUTURE_TIME"), letters.stream().map(DeadLetter::getReason).toList());
            assertEquals(List.of(7L, 8L), letters.stream().map(DeadLetter::getSourceOffset).toList());
            assertTrue(letters.get(0).getMessage().startsWith("SPACE_STARTED at "), letters.get(0).getMessage());
        }
        // The watermark never follows such a record: its event time is held to the job's clock plus the skew.
        var config = io.spacecaps.config.SpacecapsConfig.fromArgs(new String[]{"--max-clock-skew-ms", "30000"});
        var assigner = EventTime.forSource(config).createTimestampAssigner(null);
        long stamped = assigner.extractTimestamp(new RawRecord("spaces.events", 0, 8, twoDaysAhead, null, new byte[0]), twoDaysAhead);
        assertTrue(stamped <= System.currentTimeMillis() + 30_000, "event time " + stamped);
        assertEquals(now - 1_000, assigner.extractTimestamp(new RawRecord("spaces.events", 0, 9, now - 1_000, null, new byte[0]), 0),
                "a record in the past keeps its timestamp");
    }
}
