package io.spacecaps.ingest;

import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

import java.util.HashMap;
import java.util.Map;

/**
 * Which recogniser subtask a new track goes to, decided by one sequencer subtask for the tracks it
 * orders. Flink places a key by the hash of the key, so a handful of tracks lands unevenly (6 of 8
 * on one of two subtasks in one bench run), and the tracks of one subtask share its thread. Here a
 * new track goes to the recogniser subtask on which this sequencer subtask has the fewest open
 * tracks, and its <em>route</em> is a key that Flink places there: the track's key with a salt
 * appended, searched for once. The route is kept in the sequencer's keyed state, so after a failover
 * or a rescale the track keeps its key (and the recogniser's state under it); only new tracks are
 * placed by the new parallelism.
 *
 * <p>Each sequencer subtask balances only the tracks it orders, and they start their round at their
 * own index, so that their odd tracks do not all pile onto subtask 0: over {@code n} sequencer
 * subtasks the recogniser subtasks differ by at most about {@code n} tracks, whatever the keys.
 *
 * <p>In BATCH mode (transcribe, backfill) a sequencer subtask orders one track to its end before the
 * next begins, so no two are ever open at once, and by open tracks alone every track would go to the
 * same recogniser (a Space of 2 or 4 tracks recognised on one core: half the throughput). There
 * ({@code inTurn}) one sequencer subtask places every track, and a new track goes to the recogniser
 * with the least work dealt to it so far ({@link #worked}: each track is whole before the next is
 * placed), the round, moved on by one with every track placed, breaking ties. By turn alone, tracks of
 * equal length whose speakers speak unequally (a host and a guest, every other track) would pile the
 * talkers' tracks on one recogniser while another idles. Live the round does not move on: subtasks that
 * have placed different numbers of tracks would then start their rounds at the same subtask (a bench's
 * two tracks both on one recogniser, after one subtask had placed a track before).
 */
final class TrackPlacement {

    /** Between a track's key and its salt; a route is never parsed, only compared. */
    static final char SALT_SEPARATOR = '#';

    private final int parallelism;
    private final int maxParallelism;
    private final int ownIndex;
    private final int[] openPerTarget;
    /** In turn only: the work dealt to each recogniser subtask so far ({@link #worked}). */
    private final long[] workPerTarget;
    private final boolean inTurn;
    /** Tracks this subtask has placed since it started (not state: it only turns the round). */
    private int placed;
    /** Routes of this subtask's open tracks, and the recogniser subtask each is on. */
    private final Map<String, Integer> open = new HashMap<>();

    TrackPlacement(int parallelism, int maxParallelism, int ownIndex) {
        this(parallelism, maxParallelism, ownIndex, false);
    }

    /** @param inTurn tracks come one after another, each ended before the next (BATCH mode) */
    TrackPlacement(int parallelism, int maxParallelism, int ownIndex, boolean inTurn) {
        this.inTurn = inTurn;
        this.parallelism = parallelism;
        this.maxParallelism = maxParallelism;
        this.ownIndex = ownIndex;
        this.openPerTarget = new int[parallelism];
        this.workPerTarget = new long[parallelism];
    }

    /**
     * A route for a new track: on the recogniser subtask with the fewest of this subtask's open tracks,
     * the first of those in this subtask's round.
     */
    String place(String trackKey) {
        if (parallelism == 1) {
            return trackKey;
        }
        int start = (int) ((ownIndex + (inTurn ? (long) placed++ : 0)) % parallelism);
        int target = start;
        for (int k = 1; k < parallelism; k++) {
            int candidate = (start + k) % parallelism;
            boolean less = inTurn ? workPerTarget[candidate] < workPerTarget[target] : openPerTarget[candidate] < openPerTarget[target];
            if (less) {
                target = candidate;
            }
        }
        return routeOn(trackKey, target, maxParallelism, parallelism);
    }

    /** Counts a track as open on its route's subtask (once; again after {@link #closed}). */
    void opened(String route) {
        if (!open.containsKey(route)) {
            int target = subtaskOf(route);
            open.put(route, target);
            openPerTarget[target]++;
        }
    }

    /**
     * Counts work dealt to a route's subtask, in the units the caller chooses (the sequencer: ms of
     * audio plus ms of it loud enough to be speech). Only placement in turn weighs it.
     */
    void worked(String route, long units) {
        Integer target = open.get(route);
        workPerTarget[target != null ? target : subtaskOf(route)] += units;
    }

    void closed(String route) {
        Integer target = open.remove(route);
        if (target != null) {
            openPerTarget[target]--;
        }
    }

    int[] openPerTarget() {
        return openPerTarget.clone();
    }

    int subtaskOf(String route) {
        return KeyGroupRangeAssignment.assignKeyToParallelOperator(route, maxParallelism, parallelism);
    }

    /**
     * The track's key, salted so that Flink places it on recogniser subtask {@code target}. A salt is
     * found within a few tries (each lands on the target with odds of about one in {@code parallelism});
     * the track's own key is the answer if it already lands there.
     */
    static String routeOn(String trackKey, int target, int maxParallelism, int parallelism) {
        if (KeyGroupRangeAssignment.assignKeyToParallelOperator(trackKey, maxParallelism, parallelism) == target) {
            return trackKey;
        }
        for (int salt = 1; salt < 64 * maxParallelism; salt++) {
            String route = trackKey + SALT_SEPARATOR + salt;
            if (KeyGroupRangeAssignment.assignKeyToParallelOperator(route, maxParallelism, parallelism) == target) {
                return route;
            }
        }
        return trackKey; // not reached: every subtask owns at least one key group
    }
}
