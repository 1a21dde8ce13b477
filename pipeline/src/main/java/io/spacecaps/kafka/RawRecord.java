package io.spacecaps.kafka;

/**
 * A Kafka record exactly as read, before any decoding: decoding happens in an operator, so that a
 * record that cannot be decoded becomes a dead letter instead of failing the source.
 * A Flink POJO (public fields, no-arg constructor).
 */
public class RawRecord implements java.io.Serializable {
    public String topic;
    public int partition;
    public long offset;
    public long timestamp;
    public byte[] key;
    public byte[] value;

    public RawRecord() {
    }

    public RawRecord(String topic, int partition, long offset, long timestamp, byte[] key, byte[] value) {
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.timestamp = timestamp;
        this.key = key;
        this.value = value;
    }

    /** Where the record came from, for messages: {@code spaces.audio[2]@1234}. */
    public String coordinates() {
        return topic + "[" + partition + "]@" + offset;
    }
}
