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
        try (var harness = ProcessFunctionTestHarnesses.forProcessFunction(new SpaceEventDecoder(1_000))) {
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
}
