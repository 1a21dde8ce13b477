package io.spacecaps.dashboard;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.sse.SseClient;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Pushes the dashboard's changes to the browsers as server-sent events. A browser that connects
 * (or reconnects, after a reload or a dropped connection) first gets the Kafka status, the list of
 * Spaces and a snapshot of the Space it shows, then only what changes: {@code status}, {@code spaces},
 * {@code snapshot} and {@code delta} events, each one JSON object.
 *
 * <p>Snapshots and changes are taken under the {@link DashboardState}'s lock, so a browser misses
 * nothing between the two. Each browser has its own bounded queue and sending thread: a slow one
 * never holds up the Kafka reader, and one that falls too far behind is sent a fresh snapshot instead.
 */
final class UpdateHub implements AutoCloseable {

    /** Past this many new captions in one batch (reading the topics' history), a snapshot is shorter than the deltas. */
    static final int SNAPSHOT_INSTEAD_OF_CAPTIONS = 200;
    private static final int QUEUE_CAPACITY = 1_000;
    /** Comments keep proxies and the browser from timing out a quiet stream, and find closed ones. */
    private static final long KEEP_ALIVE_MS = 15_000;

    record Message(String event, String json) {
    }

    private final DashboardState state;
    private final ObjectMapper json;
    private final int maxSubscribers;
    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicInteger threadCount = new AtomicInteger();
    private volatile Message status;

    UpdateHub(DashboardState state, ObjectMapper json, int maxSubscribers, Views.Status initial) {
        this.state = state;
        this.json = json;
        this.maxSubscribers = maxSubscribers;
        this.status = message("status", initial);
    }

    /** Sends what a batch of records changed to every browser it concerns. */
    void publish(DashboardState.Batch batch) {
        if (batch.isEmpty()) {
            return;
        }
        synchronized (state) {
            Message spaces = batch.listChanged ? message("spaces", state.spaces()) : null;
            Map<String, Optional<Message>> deltas = new HashMap<>();
            for (Subscriber subscriber : subscribers) {
                if (spaces != null) {
                    subscriber.offer(spaces);
                }
                SpaceChanges changes = subscriber.spaceId == null ? null : batch.changes.get(subscriber.spaceId);
                if (changes == null) {
                    continue;
                }
                if (changes.captions.size() > SNAPSHOT_INSTEAD_OF_CAPTIONS) {
                    subscriber.offer(snapshot(subscriber.spaceId));
                } else {
                    deltas.computeIfAbsent(subscriber.spaceId, id -> state.delta(id, changes).map(d -> message("delta", d)))
                            .ifPresent(subscriber::offer);
                }
            }
        }
    }

    void publish(Views.Status newStatus) {
        synchronized (state) {
            status = message("status", newStatus);
            subscribers.forEach(s -> s.offer(status));
        }
    }

    /**
     * Starts streaming to a browser that shows {@code spaceId} (null: none yet).
     *
     * @return false when as many browsers as allowed are already connected
     */
    boolean subscribe(SseClient client, String spaceId) {
        Subscriber subscriber = new Subscriber(client, spaceId);
        synchronized (state) {
            if (subscribers.size() >= maxSubscribers) {
                return false;
            }
            subscriber.offerStart();
            subscribers.add(subscriber);
        }
        client.onClose(() -> subscribers.remove(subscriber));
        subscriber.sender = new Thread(subscriber::send, "spacecaps-dashboard-sse-" + threadCount.incrementAndGet());
        subscriber.sender.setDaemon(true);
        subscriber.sender.start();
        return true;
    }

    /** The newest status, as JSON. */
    String statusJson() {
        return status.json();
    }

    int subscriberCount() {
        return subscribers.size();
    }

    private Message snapshot(String spaceId) {
        return message("snapshot", new Views.Snapshot(spaceId, state.space(spaceId).orElse(null)));
    }

    private Message message(String event, Object body) {
        try {
            return new Message(event, json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Ends every browser's stream and waits for its sender: the server stops after this, and a stream
     * closed after its request was recycled sends Javalin's error handling round in a loop.
     */
    @Override
    public void close() {
        List<Subscriber> all = List.copyOf(subscribers);
        all.forEach(Subscriber::close);
        for (Subscriber s : all) {
            s.awaitSent(Duration.ofSeconds(2));
        }
        subscribers.clear();
    }

    private final class Subscriber {
        final SseClient client;
        final String spaceId;
        final BlockingQueue<Message> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        volatile boolean closed;
        volatile Thread sender;

        Subscriber(SseClient client, String spaceId) {
            this.client = client;
            this.spaceId = spaceId;
        }

        /** Called with the state's lock held. */
        void offerStart() {
            queue.offer(status);
            queue.offer(message("spaces", state.spaces()));
            if (spaceId != null) {
                queue.offer(snapshot(spaceId));
            }
        }

        /** Called with the state's lock held; a browser too far behind starts again from a snapshot. */
        void offer(Message message) {
            if (!queue.offer(message)) {
                queue.clear();
                offerStart();
            }
        }

        void send() {
            try {
                while (!closed && !client.terminated()) {
                    Message next = queue.poll(KEEP_ALIVE_MS, TimeUnit.MILLISECONDS);
                    if (next == null) {
                        client.sendComment("keep-alive");
                    } else {
                        client.sendEvent(next.event(), next.json());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException gone) {
                // The browser went away mid-write; onClose removes it.
            } finally {
                subscribers.remove(this);
                try {
                    client.close();
                } catch (RuntimeException alreadyGone) {
                    // The request ended with the connection: nothing left to close.
                }
            }
        }

        void close() {
            closed = true;
            queue.offer(status); // wakes the sender
        }

        void awaitSent(Duration within) {
            Thread thread = sender;
            if (thread != null && thread != Thread.currentThread()) {
                try {
                    thread.join(within.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }
}
