package io.spacecaps.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RetainedRangeTest {

    @Test
    void audioOfOtherSpacesIsDroppedAtTheSourceByItsKey() {
        RetainedRange.OfChosenSpaces audio = new RetainedRange.OfChosenSpaces(Set.of("room"), true);
        assertEquals(List.of("room/host", "room/mixed"), passed(audio, "room/host", "roomy/host", "other/room", "room", "room/mixed", null));
    }

    @Test
    void roomEventsAreChosenByTheirSpaceKey() {
        RetainedRange.OfChosenSpaces events = new RetainedRange.OfChosenSpaces(Set.of("room", "b"), false);
        assertEquals(List.of("room", "b"), passed(events, "room", "roomy", "room/x", "b", null));
    }

    @Test
    void noSpaceNamedReadsEveryRecord() {
        RetainedRange.OfChosenSpaces all = new RetainedRange.OfChosenSpaces(Set.of(), true);
        assertEquals(3, passed(all, "room/host", "other/x", null).size());
    }

    @Test
    void aRangeEndsAfterItStarts() {
        assertThrows(IllegalArgumentException.class, () -> new RetainedRange(Set.of(), 2_000L, 1_000L));
    }

    private static List<String> passed(RetainedRange.OfChosenSpaces schema, String... keys) {
        List<RawRecord> out = new ArrayList<>();
        long offset = 0;
        for (String key : keys) {
            schema.deserialize(new ConsumerRecord<>("t", 0, offset++, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                    new byte[]{1}), new org.apache.flink.util.Collector<>() {
                @Override
                public void collect(RawRecord record) {
                    out.add(record);
                }

                @Override
                public void close() {
                }
            });
        }
        return out.stream().map(r -> r.key == null ? null : new String(r.key, StandardCharsets.UTF_8)).toList();
    }
}
