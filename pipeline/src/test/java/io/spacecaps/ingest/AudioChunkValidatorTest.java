package io.spacecaps.ingest;

import io.spacecaps.config.SpacecapsConfig;
import io.spacecaps.kafka.RawRecord;
import io.spacecaps.schema.AudioChunk;
import io.spacecaps.schema.AudioEncoding;
import io.spacecaps.schema.DeadLetter;
import io.spacecaps.schema.SpaceEvent;
import io.spacecaps.schema.SpaceEventType;
import io.spacecaps.schema.wire.WireFormat;
import io.spacecaps.testing.Chunks;
import io.spacecaps.testing.OpusChunks;
import io.spacecaps.testing.TestData;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import io.spacecaps.spaces.SpaceDirectory;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AudioChunkValidatorTest {

    private final WireFormat<AudioChunk> wire = WireFormat.of(AudioChunk.class);
    private BroadcastOperatorTestHarness<RawRecord, SpaceEvent, TrackChunk> harness;
    private long offset;

    @BeforeEach
    void setUp() throws Exception {
        SpacecapsConfig config = SpacecapsConfig.fromArgs(new String[]{"--max-chunk-ms", "1000", "--max-record-bytes", "100000"});
        harness = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new AudioChunkValidator(config), SpaceDirectory.SPACES);
    }

    private void send(byte[] value) throws Exception {
        harness.processElement(new StreamRecord<>(new RawRecord("spaces.audio", 3, offset++, 0L, "s1/host".getBytes(), value)));
    }

    private AudioChunk.Builder good() {
        return Chunks.chunk("s1", "host", 0, 1_000, new byte[3200]);
    }

    private List<DeadLetter> deadLetters() {
        return harness.getSideOutput(DeadLetters.TAG).stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void goodChunksPassAndEachKindOfBadRecordIsSetAsideWithItsReason() throws Exception {
        byte[] goodBytes = wire.encode(good().build());
        send(goodBytes);                                                                   // offset 0: ok
        send(Arrays.copyOf(goodBytes, goodBytes.length - 7));                               // 1: truncated Avro
        send("not avro at all".getBytes());                                                 // 2
        send(WireFormat.of(SpaceEvent.class).encode(SpaceEvent.newBuilder().setSpaceId("s1")
                .setType(SpaceEventType.SPACE_STARTED).setTime(Instant.EPOCH).build()));    // 3: another record type
        send(wire.encode(good().setSampleRate(44_100).build()));                            // 4
        send(wire.encode(good().setChannels(2).build()));                                   // 5
        send(wire.encode(good().setPayload(ByteBuffer.wrap(new byte[3201])).build()));      // 6: odd length
        send(wire.encode(good().setPayload(ByteBuffer.wrap(new byte[32_002])).build()));    // 7: > 1000 ms
        send(wire.encode(good().setEncoding(AudioEncoding.UNKNOWN).build()));               // 8: a symbol from a newer schema
        send(wire.encode(good().setSequence(-5).build()));                                  // 9
        send(wire.encode(good().setSpaceId(" ").build()));                                  // 10
        send(new byte[100_001]);                                                            // 11: oversized record
        send(new byte[0]);                                                                  // 12
        send(wire.encode(good().setSequence(1).build()));                                   // 13: ok

        assertEquals(List.of(0L, 1L), harness.extractOutputValues().stream().map(c -> c.chunk.getSequence()).toList());
        List<DeadLetter> letters = deadLetters();
        assertEquals(List.of("MALFORMED_AVRO", "NOT_AVRO", "UNKNOWN_SCHEMA", "UNSUPPORTED_SAMPLE_RATE",
                        "UNSUPPORTED_CHANNELS", "ODD_LENGTH_PCM", "OVERSIZED_CHUNK", "UNSUPPORTED_ENCODING",
                        "INVALID_SEQUENCE", "MISSING_ID", "OVERSIZED_RECORD", "EMPTY_RECORD"),
                letters.stream().map(DeadLetter::getReason).toList());
        DeadLetter rate = letters.get(3);
        assertEquals("spaces.audio", rate.getSourceTopic());
        assertEquals(3, rate.getSourcePartition());
        assertEquals(4, rate.getSourceOffset());
        assertEquals("s1", rate.getSpaceId());
        assertEquals("host", rate.getTrackId());
        assertTrue(rate.getMessage().contains("44100 Hz"), rate.getMessage());
        assertNull(letters.get(0).getSpaceId(), "an undecodable record names no Space");
        assertEquals(64 * 1024, letters.get(10).getPayload().remaining(), "oversized payloads are cut in the dead letter");
    }

    @Test
    void aChunkCapturedAheadOfTheJobsClockIsAFutureTimeDeadLetter() throws Exception {
        long now = System.currentTimeMillis();
        long hourAhead = now + 3_600_000L;
        send(wire.encode(good().setCaptureTime(Instant.ofEpochMilli(hourAhead)).build()));                // 0: capture time ahead
        harness.processElement(new StreamRecord<>(new RawRecord("spaces.audio", 3, offset++, hourAhead, "s1/host".getBytes(),
                wire.encode(good().setSequence(1).setCaptureTime(Instant.ofEpochMilli(now)).build()))));  // 1: record stamped ahead
        send(wire.encode(good().setSequence(2).setCaptureTime(Instant.ofEpochMilli(now + 10_000)).build())); // 2: within the skew

        assertEquals(List.of(2L), harness.extractOutputValues().stream().map(c -> c.chunk.getSequence()).toList());
        assertEquals(List.of("FUTURE_TIME", "FUTURE_TIME"), deadLetters().stream().map(DeadLetter::getReason).toList());
        assertEquals("host", deadLetters().get(0).getTrackId());
        assertTrue(deadLetters().get(0).getMessage().contains("ahead of the job's clock"), deadLetters().get(0).getMessage());
    }

    @Test
    void theAudioOfSomeoneWhoDeclinedCaptionsIsDroppedAtOnceAndNeverDeadLettered() throws Exception {
        harness.processBroadcastElement(new StreamRecord<>(SpaceEvent.newBuilder().setSpaceId("s1").setType(SpaceEventType.PARTICIPANT_JOINED)
                .setTime(java.time.Instant.ofEpochMilli(0)).setParticipantId("quiet").setCaptionsAllowed(false).build()));
        byte[] loud = new byte[3200];
        for (int i = 0; i < loud.length; i += 2) {
            loud[i + 1] = (byte) (i % 8 < 4 ? 0x40 : 0xC0);
        }
        send(wire.encode(good().setParticipantId("quiet").setPayload(ByteBuffer.wrap(loud)).build()));
        send(wire.encode(good().setParticipantId("quiet").setSequence(1).setPayload(ByteBuffer.wrap(new byte[3200])).build()));
        send(wire.encode(good().setParticipantId("quiet").setSequence(2).setSampleRate(44_100).build()));   // bad: dropped too
        send(wire.encode(good().setParticipantId("someone-else").setSequence(3).build()));

        List<TrackChunk> out = harness.extractOutputValues();
        assertEquals(3, out.size());
        TrackChunk first = out.get(0);
        assertTrue(first.captionsOff);
        assertEquals(0, first.chunk.getPayload().remaining(), "no audio of theirs goes any further");
        assertEquals(100, first.droppedMs);
        assertTrue(first.voiced, "speech is still noticed, to say they are speaking");
        assertFalse(out.get(1).voiced, "silence is not a turn");
        assertFalse(out.get(2).captionsOff, "everyone else is captioned");
        assertNull(harness.getSideOutput(DeadLetters.TAG), "a dead letter would keep their audio");
    }

    @Test
    void opusChunksAreCheckedForRateChannelsFramingAndLengthAndPassUndecoded() throws Exception {
        List<byte[]> packets = OpusChunks.packets(TestData.clip("slt-hello"));
        byte[] fiftyPackets = OpusPackets.frame(packets.subList(0, 50));                           // 1000 ms
        byte[] truncated = Arrays.copyOf(fiftyPackets, fiftyPackets.length - 1);
        byte[] littleEndian = fiftyPackets.clone();
        byte swap = littleEndian[0];
        littleEndian[0] = littleEndian[1];
        littleEndian[1] = swap;
        send(wire.encode(opus(0, fiftyPackets).build()));                                           // ok
        send(wire.encode(opus(1, fiftyPackets).setSampleRate(44_100).build()));                      // not an Opus rate
        send(wire.encode(opus(2, fiftyPackets).setChannels(3).build()));
        send(wire.encode(opus(3, truncated).build()));
        send(wire.encode(opus(4, littleEndian).build()));
        send(wire.encode(opus(5, new byte[]{0, 0}).build()));                                      // a packet of length 0
        send(wire.encode(opus(6, OpusPackets.frame(packets.subList(0, 51))).build()));             // 1020 ms > 1000
        send(wire.encode(opus(7, OpusPackets.frame(packets.subList(0, 5))).setChannels(2).setSampleRate(16_000).build()));  // ok
        send(wire.encode(opus(8, new byte[0]).setEndOfTrack(true).build()));                       // ok: an empty end

        assertEquals(List.of(0L, 7L, 8L), harness.extractOutputValues().stream().map(c -> c.chunk.getSequence()).toList());
        assertEquals(AudioEncoding.OPUS, harness.extractOutputValues().get(0).chunk.getEncoding(), "decoded later, per track, in order");
        assertEquals(1000, harness.extractOutputValues().get(0).durationMs());
        List<DeadLetter> letters = deadLetters();
        assertEquals(List.of("UNSUPPORTED_SAMPLE_RATE", "UNSUPPORTED_CHANNELS", "MALFORMED_OPUS", "MALFORMED_OPUS", "MALFORMED_OPUS",
                "OVERSIZED_CHUNK"), letters.stream().map(DeadLetter::getReason).toList());
        assertTrue(letters.get(2).getMessage().contains("2 bytes big-endian"), letters.get(2).getMessage());
    }

    @Test
    void theOpusAudioOfSomeoneWhoDeclinedCaptionsIsDroppedWithItsLengthAndWhetherTheySpoke() throws Exception {
        harness.processBroadcastElement(new StreamRecord<>(SpaceEvent.newBuilder().setSpaceId("s1").setType(SpaceEventType.PARTICIPANT_JOINED)
                .setTime(java.time.Instant.ofEpochMilli(0)).setParticipantId("quiet").setCaptionsAllowed(false).build()));
        List<byte[]> packets = OpusChunks.packets(TestData.clip("slt-hello"));
        send(wire.encode(opus(0, OpusPackets.frame(packets.subList(0, 5))).setParticipantId("quiet").build()));     // lead-in silence
        send(wire.encode(opus(1, OpusPackets.frame(packets.subList(50, 60))).setParticipantId("quiet").build()));   // speech

        List<TrackChunk> out = harness.extractOutputValues();
        assertEquals(2, out.size());
        assertTrue(out.get(0).captionsOff);
        assertEquals(0, out.get(1).chunk.getPayload().remaining(), "no audio of theirs goes any further");
        assertEquals(100, out.get(0).droppedMs);
        assertEquals(200, out.get(1).droppedMs);
        assertFalse(out.get(0).voiced);
        assertTrue(out.get(1).voiced);
    }

    private AudioChunk.Builder opus(long sequence, byte[] framedPackets) {
        return OpusChunks.chunk("s1", "host", sequence, 1_000 + sequence * 1000, framedPackets);
    }
}
