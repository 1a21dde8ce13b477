package io.spacecaps.kafka;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records as a Kafka topic would hold them, kept in this JVM and read by a bounded source: the job
 * over a recording without a broker ({@code transcribe}), and graph tests. Their timestamps are their
 * event times, as the Kafka source's would be.
 *
 * <p>The source carries this topic's id, not its records, so that an hour of audio is not copied into
 * the job graph and again into every reader: a job that reads it must run in this JVM (a local
 * MiniCluster), and the records stay until {@link #close()}.
 */
public final class InMemoryTopic implements AutoCloseable {

    private static final Map<String, List<RawRecord>> HELD = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();
    private final int size;

    public InMemoryTopic(List<RawRecord> records) {
        HELD.put(id, List.copyOf(records));
        size = records.size();
    }

    /**
     * The records in one reader's share, in order, as one Kafka partition holds a key's records: the
     * source shares its sequence out among the {@code parallelism} readers in contiguous runs, so the
     * others get copies of {@code filler}, a record that changes nothing. Only a streaming job needs
     * this; BATCH mode sorts each key's records by time whoever read them.
     */
    public static InMemoryTopic onePartition(List<RawRecord> records, RawRecord filler, int parallelism) {
        List<RawRecord> padded = new ArrayList<>(records);
        for (int i = 0; i < (parallelism - 1) * records.size(); i++) {
            padded.add(filler);
        }
        return new InMemoryTopic(padded);
    }

    public int size() {
        return size;
    }

    /** A bounded source of the records. */
    public DataGeneratorSource<RawRecord> source() {
        return source(0);
    }

    /** As above, each reader first waiting {@code startDelayMs}, as a topic that lags holds the job back. */
    public DataGeneratorSource<RawRecord> source(long startDelayMs) {
        return new DataGeneratorSource<>(new Nth(id, startDelayMs), size, TypeInformation.of(RawRecord.class));
    }

    @Override
    public void close() {
        HELD.remove(id);
    }

    /** The n-th record of the topic; each reader (its own copy of this function) looks the records up once. */
    private static final class Nth implements GeneratorFunction<Long, RawRecord> {
        private final String topic;
        private final long startDelayMs;
        private transient List<RawRecord> records;

        Nth(String topic, long startDelayMs) {
            this.topic = topic;
            this.startDelayMs = startDelayMs;
        }

        @Override
        public void open(SourceReaderContext readerContext) throws Exception {
            records = HELD.get(topic);
            if (records == null) {
                throw new IllegalStateException("in-memory topic " + topic + " is closed or held by another JVM: "
                        + "a job that reads one runs in a local MiniCluster, before the topic is closed");
            }
            Thread.sleep(startDelayMs);
        }

        @Override
        public RawRecord map(Long index) {
            return records.get((int) (long) index);
        }
    }
}
