package io.spacecaps.ingest;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.kafka.RawRecord;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.schema.wire.WireFormat;
import io.spacecaps.testing.Chunks;
import io.spacecaps.testing.FuzzedAudio;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.spaces.SpaceDirectory;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Random and mutated records: none may throw; each comes out once, as a chunk or as a dead letter with its reason. */
class AudioChunkValidatorFuzzTest {

    private static BroadcastOperatorTestHarness<RawRecord, SpaceEvent, TrackChunk> harness() throws Exception {
        return ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new AudioChunkValidator(SpacecapsConfig.defaults()), SpaceDirectory.SPACES);
    }

    private static List<DeadLetter> letters(BroadcastOperatorTestHarness<RawRecord, SpaceEvent, TrackChunk> h) {
        var side = h.getSideOutput(DeadLetters.TAG);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void everyKindOfDamageIsADeadLetterWithItsReasonAndCoordinates() throws Exception {
        var h = harness();
        List<byte[]> records = FuzzedAudio.invalid(42, 900, "fuzz");
        for (int i = 0; i < records.size(); i++) {
            h.processElement(new StreamRecord<>(new RawRecord("spaces.audio", i % 4, i, 0L, null, records.get(i))));
        }
        assertEquals(List.of(), h.extractOutputValues());
        List<DeadLetter> letters = letters(h);
        assertEquals(records.size(), letters.size());
        for (int i = 0; i < letters.size(); i++) {
            DeadLetter d = letters.get(i);
            assertEquals(i, d.getSourceOffset());
            assertEquals(i % 4, d.getSourcePartition());
            assertFalse(d.getMessage().isBlank());
            DeadLetterReason.valueOf(d.getReason());
        }
        assertEquals(9, letters.stream().map(DeadLetter::getReason).distinct().count(),
                "each of the nine kinds of damage has its own reason: "
                        + letters.stream().map(DeadLetter::getReason).distinct().toList());
    }

    @Test
    void randomMutationsOfValidRecordsNeverThrowAndComeOutExactlyOnce() throws Exception {
        var h = harness();
        Random random = new Random(7);
        byte[] valid = WireFormat.of(AudioChunk.class).encode(Chunks.chunk("s", "t", 3, 1000, new byte[3200]).build());
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            byte[] b = valid.clone();
            int flips = 1 + random.nextInt(8);
            for (int f = 0; f < flips; f++) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(4) == 0) {
                b = java.util.Arrays.copyOf(b, random.nextInt(b.length + 50));
            }
            h.processElement(new StreamRecord<>(new RawRecord("spaces.audio", 0, i, 0L, null, b)));
        }
        int passed = h.extractOutputValues().size();
        int rejected = letters(h).size();
        assertEquals(n, passed + rejected, "every record comes out once");
        assertTrue(rejected > 0 && passed > 0, "passed " + passed + ", rejected " + rejected);
        for (AudioChunk chunk : h.extractOutputValues().stream().map(c -> c.chunk).toList()) {
            assertEquals(0, chunk.getPayload().remaining() % 2);
            assertEquals(16000, chunk.getSampleRate());
            assertTrue(chunk.getSequence() >= 0);
        }
    }
}
