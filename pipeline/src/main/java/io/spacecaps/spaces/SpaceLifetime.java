package io.spacecaps.spaces;

import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimerService;

import java.time.Duration;

/**
 * When a Space-keyed stage forgets a Space: once nothing of it has come for {@link #ENDED_SPACE_GRACE}
 * after its end (the end event travels on the room's topic and overtakes the captions of a job that is
 * behind: a recording replayed as fast as the broker takes it can be minutes ahead of its captions, and
 * those still need the Space's names), or once nothing of it has come for the quiet timeout, whether
 * or not an end came. One wall-clock timer per Space, moved lazily: each arrival only notes
 * the time, and the timer, when it fires early, sets itself again.
 */
public final class SpaceLifetime {

    /** How long an ended Space is remembered after the last thing of it arrived, for the captions still on their way. */
    public static final Duration ENDED_SPACE_GRACE = Duration.ofMinutes(2);

    private final long quietTimeoutMs;
    private final ValueState<Long> lastHeardAt;
    private final ValueState<Long> releaseTimer;
    private final ValueState<Boolean> ended;

    public SpaceLifetime(RuntimeContext runtime, long quietTimeoutMs) {
        this.quietTimeoutMs = quietTimeoutMs;
        this.lastHeardAt = runtime.getState(new ValueStateDescriptor<>("space-last-heard-at", Types.LONG));
        this.releaseTimer = runtime.getState(new ValueStateDescriptor<>("space-release-timer", Types.LONG));
        this.ended = runtime.getState(new ValueStateDescriptor<>("space-ended", Types.BOOLEAN));
    }

    /** Something of the Space arrived. */
    public void heard(TimerService timers) throws Exception {
        long now = timers.currentProcessingTime();
        lastHeardAt.update(now);
        if (releaseTimer.value() == null) {
            schedule(timers, now + quietTimeoutMs);
        }
    }

    /** The Space's end event arrived: it is forgotten after the grace period. */
    public void ended(TimerService timers) throws Exception {
        ended.update(true);
        schedule(timers, timers.currentProcessingTime() + ENDED_SPACE_GRACE.toMillis());
    }

    /** Whether the Space's end event has come. */
    public boolean hasEnded() throws Exception {
        return Boolean.TRUE.equals(ended.value());
    }

    /**
     * Called for a wall-clock timer of the Space: true when it is time to forget the Space (this
     * helper's own state is then cleared; the caller clears the rest), false when the timer was not
     * this helper's or the Space is still alive (the timer is then set again).
     */
    public boolean isDue(long timestamp, TimerService timers) throws Exception {
        Long pending = releaseTimer.value();
        if (pending == null || pending != timestamp) {
            return false;
        }
        releaseTimer.clear();
        Long last = lastHeardAt.value();
        long keepFor = Boolean.TRUE.equals(ended.value()) ? ENDED_SPACE_GRACE.toMillis() : quietTimeoutMs;
        if (last != null && timestamp - last < keepFor) {
            schedule(timers, last + keepFor);
            return false;
        }
        lastHeardAt.clear();
        ended.clear();
        return true;
    }

    private void schedule(TimerService timers, long at) throws Exception {
        Long pending = releaseTimer.value();
        if (pending != null) {
            timers.deleteProcessingTimeTimer(pending);
        }
        timers.registerProcessingTimeTimer(at);
        releaseTimer.update(at);
    }
}
