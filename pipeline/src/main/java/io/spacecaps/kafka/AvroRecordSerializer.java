package io.spacecaps.kafka;

import io.spacecaps.schema.wire.WireFormat;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.avro.specific.SpecificRecord;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;

/** Writes a record to its topic in the wire format, keyed by a string taken from the record. */
public final class AvroRecordSerializer<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {

    /** Picks the Kafka key of a record. */
    public interface KeyOf<T> extends Serializable {
        String keyOf(T record);
    }

    private final String topic;
    private final Class<T> type;
    private final KeyOf<T> keyOf;
    private transient WireFormat<T> wire;

    public AvroRecordSerializer(String topic, Class<T> type, KeyOf<T> keyOf) {
        this.topic = topic;
        this.type = type;
        this.keyOf = keyOf;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        wire = WireFormat.of(type);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T record, KafkaSinkContext context, Long timestamp) {
        if (wire == null) {
            wire = WireFormat.of(type);
        }
        String key = keyOf.keyOf(record);
        return new ProducerRecord<>(topic, null, timestamp, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                wire.encode(record));
    }
}
