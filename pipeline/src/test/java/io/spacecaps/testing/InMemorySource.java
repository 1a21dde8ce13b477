package io.spacecaps.testing;

import io.spacecaps.kafka.RawRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

import java.util.ArrayList;
import java.util.List;

/**
 * Records as a Kafka topic would hold them, read by a bounded in-memory source, for graph tests
 * without a broker. Their timestamps are their event times, as the Kafka source's would be; a delay
 * holds the whole source back at the start, as a lagging topic would.
 */
public final class InMemorySource {

    private InMemorySource() {
    }

    /**
     * The records in one reader's split, in order, as one Kafka partition holds a key's records: the
     * generator shares its sequence out among the {@code parallelism} readers, so the others get copies
     * of {@code filler}, a record that changes nothing.
     */
    public static DataGeneratorSource<RawRecord> onePartition(List<RawRecord> records, RawRecord filler, int parallelism, long startDelayMs) {
        List<RawRecord> padded = new ArrayList<>(records);
        for (int i = 0; i < (parallelism - 1) * records.size(); i++) {
            padded.add(filler);
        }
        return of(padded, startDelayMs);
    }

    public static DataGeneratorSource<RawRecord> of(List<RawRecord> records, long startDelayMs) {
        return new DataGeneratorSource<>(new Nth(new ArrayList<>(records), startDelayMs), records.size(), TypeInformation.of(RawRecord.class));
    }

    /** The n-th record; each reader (its own copy of this function) first waits the delay. */
    private static final class Nth implements GeneratorFunction<Long, RawRecord> {
        private final List<RawRecord> records;
        private final long startDelayMs;
        private transient boolean started;

        Nth(List<RawRecord> records, long startDelayMs) {
            this.records = records;
            this.startDelayMs = startDelayMs;
        }

        @Override
        public RawRecord map(Long index) throws Exception {
            if (!started) {
                started = true;
                Thread.sleep(startDelayMs);
            }
            return records.get((int) (long) index);
        }
    }
}
