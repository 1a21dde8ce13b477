package io.spacecaps.captions;

import io.spacecaps.schema.TranscriptEvent;
import io.spacecaps.schema.TranscriptKind;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Hands final captions on in Space-time order. Finals of different tracks come from different
 * partitions and subtasks, so one speaker's can arrive after a later one of another's; each final is
 * held for up to {@code holdMs} of wall time and released with every held final that starts before
 * it. A final that starts before one already released is never shown out of order: it goes to
 * {@code late} instead (the caller says so, so nothing is lost). Partials pass straight through.
 */
public final class FinalsInSpaceOrder implements Consumer<TranscriptEvent>, AutoCloseable {

    private record Held(TranscriptEvent caption, long arrivedMs, long sequence) {
    }

    private static final Comparator<Held> SPACE_TIME = Comparator.comparingLong((Held h) -> h.caption().getStartMs())
            .thenComparingLong(Held::sequence);

    private final Consumer<TranscriptEvent> view;
    private final Consumer<TranscriptEvent> late;
    private final long holdMs;
    private final LongSupplier clockMs;
    private final List<Held> held = new ArrayList<>();
    private final ScheduledExecutorService ticker;
    private long sequence;
    private long releasedUpToStartMs = Long.MIN_VALUE;

    /** With its own ticker thread, releasing what is due ten times a second. */
    public FinalsInSpaceOrder(Consumer<TranscriptEvent> view, Consumer<TranscriptEvent> late, long holdMs) {
        this(view, late, holdMs, System::currentTimeMillis, true);
    }

    /** For tests: a given clock, and no ticker ({@link #releaseDue()} by hand). */
    FinalsInSpaceOrder(Consumer<TranscriptEvent> view, Consumer<TranscriptEvent> late, long holdMs, LongSupplier clockMs,
                       boolean tick) {
        this.view = view;
        this.late = late;
        this.holdMs = holdMs;
        this.clockMs = clockMs;
        if (tick) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "spacecaps-finals-in-order");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::releaseDue, 100, 100, TimeUnit.MILLISECONDS);
        } else {
            ticker = null;
        }
    }

    @Override
    public synchronized void accept(TranscriptEvent caption) {
        if (caption.getKind() != TranscriptKind.FINAL) {
            view.accept(caption);
            return;
        }
        if (caption.getStartMs() < releasedUpToStartMs) {
            late.accept(caption);
            return;
        }
        held.add(new Held(caption, clockMs.getAsLong(), sequence++));
        releaseDue();
    }

    /** Releases, in order, every final that has waited its hold and every held final that starts before one of those. */
    public synchronized void releaseDue() {
        long now = clockMs.getAsLong();
        long upTo = held.stream().filter(h -> now - h.arrivedMs() >= holdMs)
                .mapToLong(h -> h.caption().getStartMs()).max().orElse(Long.MIN_VALUE);
        if (upTo != Long.MIN_VALUE) {
            release(h -> h.caption().getStartMs() <= upTo);
        }
    }

    /** Releases everything held, in order (the Space is over, or the view is closing). */
    public synchronized void flush() {
        release(h -> true);
    }

    private void release(java.util.function.Predicate<Held> which) {
        List<Held> due = held.stream().filter(which).sorted(SPACE_TIME).toList();
        held.removeAll(due);
        for (Held h : due) {
            releasedUpToStartMs = Math.max(releasedUpToStartMs, h.caption().getStartMs());
            view.accept(h.caption());
        }
    }

    @Override
    public void close() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        flush();
    }
}
