package io.spacecaps.schema;

import io.spacecaps.schema.wire.WireFormat;
import io.spacecaps.schema.wire.WireFormatException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WireFormatTest {

    static AudioChunk chunk() {
        return AudioChunk.newBuilder()
                .setSpaceId("space-1").setTrackId("host").setParticipantId("p-1")
                .setSequence(42).setCaptureTime(Instant.ofEpochMilli(1_681_322_400_123L))
                .setSampleRate(16000).setChannels(1).setEncoding(AudioEncoding.PCM_S16LE)
                .setPayload(ByteBuffer.wrap(new byte[]{1, 2, 3, 4}))
                .build();
    }

    static TranscriptEvent transcript() {
        return TranscriptEvent.newBuilder()
                .setEventId("e-1").setSpaceId("space-1").setTrackId("host").setUtteranceId("host#0")
                .setKind(TranscriptKind.FINAL).setRevision(3)
                .setSpeaker(Speaker.newBuilder().setId("p-1").setDisplayName("Elon Musk").setRole(Role.HOST)
                        .setAttribution(Attribution.TRACK).setConfidence(1f).build())
                .setStartMs(1200).setEndMs(2400).setWallClockStart(Instant.ofEpochMilli(1_681_322_401_323L))
                .setText("what hate speech")
                .setWords(List.of(new Word("what", 1200L, 1500L, 1f), new Word("hate", 1500L, 1900L, 0.9f),
                        new Word("speech", 1900L, 2400L, 0.8f)))
                .setLanguage("en").setModel("vosk-model-en-0.3.45")
                .setLastAudioCaptureTime(Instant.ofEpochMilli(1_681_322_402_723L))
                .setEmitTime(Instant.ofEpochMilli(1_681_322_402_900L))
                .build();
    }

    @Test
    void everyRecordRoundTrips() throws Exception {
        WireFormat<AudioChunk> chunks = WireFormat.of(AudioChunk.class);
        AudioChunk decodedChunk = chunks.decode(chunks.encode(chunk()));
        assertEquals(chunk(), decodedChunk);
        assertFalse(decodedChunk.getEndOfTrack());
        assertNull(AudioChunk.newBuilder(chunk()).setParticipantId(null).build().getParticipantId());

        WireFormat<TranscriptEvent> transcripts = WireFormat.of(TranscriptEvent.class);
        assertEquals(transcript(), transcripts.decode(transcripts.encode(transcript())));

        SpaceEvent joined = SpaceEvent.newBuilder().setSpaceId("space-1").setType(SpaceEventType.PARTICIPANT_JOINED)
                .setTime(Instant.ofEpochMilli(5)).setParticipantId("p-1").setRole(Role.COHOST)
                .setDisplayName("James Clayton").setHandle("@jc").build();
        WireFormat<SpaceEvent> events = WireFormat.of(SpaceEvent.class);
        assertEquals(joined, events.decode(events.encode(joined)));

        DeadLetter letter = DeadLetter.newBuilder().setSourceTopic("spaces.audio").setSourcePartition(2)
                .setSourceOffset(77).setPayload(ByteBuffer.wrap(new byte[]{9})).setReason("MALFORMED_AVRO")
                .setMessage("bad").setFailedAt(Instant.ofEpochMilli(9)).build();
        WireFormat<DeadLetter> letters = WireFormat.of(DeadLetter.class);
        assertEquals(letter, letters.decode(letters.encode(letter)));
    }

    @Test
    void everyMessageCarriesTheSchemaFingerprint() {
        byte[] bytes = WireFormat.of(AudioChunk.class).encode(chunk());
        // Single-object encoding: C3 01, then the 8-byte CRC-64-AVRO fingerprint (little endian).
        assertEquals((byte) 0xC3, bytes[0]);
        assertEquals((byte) 0x01, bytes[1]);
        long fingerprint = org.apache.avro.SchemaNormalization.parsingFingerprint64(AudioChunk.getClassSchema());
        byte[] expected = ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(fingerprint).array();
        assertArrayEquals(expected, Arrays.copyOfRange(bytes, 2, 10));
    }

    /**
     * A producer still on v1 (before {@code endOfTrack} was added) writes a chunk; the current reader,
     * told about v1 as the schema history does, decodes it and fills the new field's default.
     */
    @Test
    void aV1MessageStillDecodesAfterACompatibleFieldIsAdded() throws Exception {
        Schema current = AudioChunk.getClassSchema();
        Schema v1 = withoutField(current, "endOfTrack");
        GenericRecord old = new GenericData.Record(v1);
        AudioChunk now = chunk();
        for (Schema.Field f : v1.getFields()) {
            old.put(f.name(), GenericData.get().deepCopy(f.schema(), toGeneric(now.get(f.name()), f.schema())));
        }
        ByteBuffer written = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), v1).encode(old);
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);

        WireFormat<AudioChunk> unaware = WireFormat.of(AudioChunk.class);
        WireFormatException unknown = assertThrows(WireFormatException.class, () -> unaware.decode(bytes));
        assertEquals(WireFormatException.Reason.UNKNOWN_SCHEMA, unknown.reason());

        AudioChunk decoded = WireFormat.of(AudioChunk.class).withWriterSchema(v1).decode(bytes);
        assertEquals("space-1", decoded.getSpaceId());
        assertEquals(42, decoded.getSequence());
        assertArrayEquals(new byte[]{1, 2, 3, 4}, decoded.getPayload().array());
        assertFalse(decoded.getEndOfTrack(), "the added field takes its default");
    }

    /** A released TranscriptEvent schema from the history the reader is built with. */
    private static Schema historic(String version) throws Exception {
        try (var in = WireFormat.class.getClassLoader().getResourceAsStream("io/spacecaps/schema/history/TranscriptEvent-" + version + ".avsc")) {
            return new Schema.Parser().parse(in);
        }
    }

    /**
     * What a job on an older schema wrote: later versions only append fields with defaults, so the
     * current record written field by field with the older schema is what that job wrote.
     */
    private static TranscriptEvent writtenWith(Schema older) throws Exception {
        ByteBuffer written = new BinaryMessageEncoder<TranscriptEvent>(org.apache.avro.specific.SpecificData.get(), older).encode(transcript());
        byte[] bytes = new byte[written.remaining()];
        written.get(bytes);
        return WireFormat.of(TranscriptEvent.class).decode(bytes);
    }

    /**
     * A job still on the released v2 TranscriptEvent (before {@code provisional}) writes a final; the
     * current reader knows v2 from the schema history and decodes it as a final of record.
     */
    @Test
    void aV2TranscriptEventFromTheSchemaHistoryStillDecodes() throws Exception {
        Schema v2 = historic("v2");
        assertNull(v2.getField("provisional"), "v2 is the schema before the field was added");
        TranscriptEvent decoded = writtenWith(v2);
        assertEquals("what hate speech", decoded.getText());
        assertEquals(3, decoded.getWords().size());
        assertFalse(decoded.getProvisional(), "an old final is a final of record");
    }

    /**
     * A job on the released v3 TranscriptEvent (before {@code revisionReason}) writes a final; the
     * current reader decodes it as what was shown live, not a revision.
     */
    @Test
    void aV3TranscriptEventFromTheSchemaHistoryStillDecodes() throws Exception {
        Schema v3 = historic("v3");
        assertNull(v3.getField("revisionReason"), "v3 is the schema before the field was added");
        assertNotNull(v3.getField("provisional"));
        TranscriptEvent decoded = writtenWith(v3);
        assertEquals("what hate speech", decoded.getText());
        assertNull(decoded.getRevisionReason(), "an old final is no revision");
    }

    @Test
    void garbageIsRejectedWithAReasonNeverAnotherException() {
        WireFormat<AudioChunk> chunks = WireFormat.of(AudioChunk.class);
        byte[] good = chunks.encode(chunk());
        assertEquals(WireFormatException.Reason.EMPTY,
                assertThrows(WireFormatException.class, () -> chunks.decode(new byte[0])).reason());
        assertEquals(WireFormatException.Reason.NOT_SINGLE_OBJECT,
                assertThrows(WireFormatException.class, () -> chunks.decode("hello".getBytes())).reason());
        byte[] truncated = Arrays.copyOf(good, good.length - 6);
        assertEquals(WireFormatException.Reason.MALFORMED,
                assertThrows(WireFormatException.class, () -> chunks.decode(truncated)).reason());
        byte[] otherRecord = WireFormat.of(TranscriptEvent.class).encode(transcript());
        assertEquals(WireFormatException.Reason.UNKNOWN_SCHEMA,
                assertThrows(WireFormatException.class, () -> chunks.decode(otherRecord)).reason());
    }

    private static Schema withoutField(Schema record, String dropped) {
        SchemaBuilder.FieldAssembler<Schema> fields =
                SchemaBuilder.record(record.getName()).namespace(record.getNamespace()).fields();
        List<Schema.Field> kept = new ArrayList<>();
        for (Schema.Field f : record.getFields()) {
            if (!f.name().equals(dropped)) {
                kept.add(new Schema.Field(f.name(), f.schema(), f.doc(), f.defaultVal()));
            }
        }
        Schema v1 = Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, kept);
        return v1;
    }

    private static Object toGeneric(Object value, Schema schema) {
        if (value instanceof Instant instant) {
            return instant.toEpochMilli();
        }
        if (value instanceof Enum<?> e) {
            Schema enumSchema = schema.getType() == Schema.Type.UNION ? schema.getTypes().get(1) : schema;
            return new GenericData.EnumSymbol(enumSchema, e.name());
        }
        return value;
    }
}
