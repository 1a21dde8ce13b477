package io.spacecaps.backfill;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps what the job writes in this JVM: a backfill runs the job in a local MiniCluster, whose tasks
 * share the command's JVM, and writes its outputs only once the whole range has been recognised
 * (see {@link Backfill}). Each instance has its own list; {@link #release()} forgets it.
 */
final class InMemorySink<T> implements Sink<T> {

    private static final Map<String, List<Object>> KEPT = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    InMemorySink() {
        KEPT.put(id, Collections.synchronizedList(new ArrayList<>()));
    }

    @SuppressWarnings("unchecked")
    List<T> kept() {
        List<Object> list = KEPT.getOrDefault(id, List.of());
        synchronized (list) {
            return new ArrayList<>((List<T>) (List<?>) list);
        }
    }

    int size() {
        return KEPT.getOrDefault(id, List.of()).size();
    }

    void release() {
        KEPT.remove(id);
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        List<Object> into = KEPT.get(id);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context ctx) {
                into.add(element);
            }

            @Override
            public void flush(boolean endOfInput) {
            }

            @Override
            public void close() {
            }
        };
    }
}
