package io.spacecaps.ingest;

import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackPlacementTest {

    /** Track keys that Flink's hash alone would all put on subtask {@code subtask} of {@code parallelism}. */
    static List<String> keysHashedTo(int subtask, int parallelism, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < count; i++) {
            String key = "space/track-" + i;
            if (KeyGroupRangeAssignment.assignKeyToParallelOperator(key, 128, parallelism) == subtask) {
                keys.add(key);
            }
        }
        return keys;
    }

    @Test
    void aRouteLandsOnTheSubtaskItWasMadeFor() {
        for (int parallelism : new int[]{2, 3, 5, 8}) {
            for (String key : keysHashedTo(0, parallelism, 10)) {
                for (int target = 0; target < parallelism; target++) {
                    String route = TrackPlacement.routeOn(key, target, 128, parallelism);
                    assertEquals(target, KeyGroupRangeAssignment.assignKeyToParallelOperator(route, 128, parallelism), route);
                    assertTrue(route.startsWith(key), "the track's key, salted: " + route);
                }
                assertEquals(key, TrackPlacement.routeOn(key, 0, 128, parallelism), "a key already there needs no salt");
            }
        }
    }

    @Test
    void tracksThatAllHashToOneSubtaskAreSpreadEvenly() {
        TrackPlacement placement = new TrackPlacement(3, 128, 0);
        for (String key : keysHashedTo(0, 3, 9)) {
            placement.opened(placement.place(key));
        }
        assertArrayEquals(new int[]{3, 3, 3}, placement.openPerTarget());
    }

    @Test
    void aClosedTrackFreesItsPlaceAndATrackCountsOnceHoweverOftenItIsSeen() {
        TrackPlacement placement = new TrackPlacement(2, 128, 0);
        List<String> keys = keysHashedTo(0, 2, 3);
        String first = placement.place(keys.get(0));
        placement.opened(first);
        placement.opened(first);
        String second = placement.place(keys.get(1));
        placement.opened(second);
        assertArrayEquals(new int[]{1, 1}, placement.openPerTarget());
        placement.closed(first);
        placement.closed(first);
        assertArrayEquals(new int[]{0, 1}, placement.openPerTarget());
        assertEquals(0, placement.subtaskOf(placement.place(keys.get(2))), "the freed subtask takes the next track");
    }

    @Test
    void tracksOrderedOneAfterAnotherAsInBatchModeAreSpreadToo() {
        // BATCH mode: each track is ordered to its end before the next one opens.
        TrackPlacement placement = new TrackPlacement(2, 128, 1, true);
        int[] placed = new int[2];
        for (String key : keysHashedTo(1, 2, 5)) {
            String route = placement.place(key);
            placement.opened(route);
            placement.closed(route);
            placed[placement.subtaskOf(route)]++;
        }
        assertArrayEquals(new int[]{2, 3}, placed, "in turn, from this subtask's own index");
    }

    @Test
    void inTurnATrackGoesWhereTheLeastWorkWasDealtSoFar() {
        // A host's and a guest's tracks, every other one, equally long: the host speaks more.
        TrackPlacement placement = new TrackPlacement(2, 128, 0, true);
        long[] work = {170, 120, 170, 120, 170, 120};
        long[] perSubtask = new long[2];
        List<Integer> where = new ArrayList<>();
        List<String> keys = keysHashedTo(0, 2, work.length);
        for (int i = 0; i < work.length; i++) {
            String route = placement.place(keys.get(i));
            placement.opened(route);
            placement.worked(route, work[i]);
            placement.closed(route);
            where.add(placement.subtaskOf(route));
            perSubtask[placement.subtaskOf(route)] += work[i];
        }
        // In turn alone: every host track on subtask 0 (510 against 360).
        assertEquals(List.of(0, 1, 1, 0, 0, 1), where, "the least loaded so far, the round breaking ties");
        assertArrayEquals(new long[]{460, 410}, perSubtask);
    }

    @Test
    void liveTwoSubtasksStayApartWhateverEitherPlacedBefore() {
        // A track of an earlier Space, ordered and ended by the first subtask only; then a Space's two
        // tracks, one ordered by each subtask.
        TrackPlacement first = new TrackPlacement(2, 128, 0);
        TrackPlacement second = new TrackPlacement(2, 128, 1);
        List<String> firstKeys = keysHashedTo(0, 2, 2);
        String earlier = first.place(firstKeys.get(0));
        first.opened(earlier);
        first.closed(earlier);
        String a = first.place(firstKeys.get(1));
        String b = second.place(keysHashedTo(1, 2, 1).get(0));
        assertEquals(1, first.subtaskOf(a) + second.subtaskOf(b), "one on each recogniser");
    }

    @Test
    void eachSequencerSubtaskBeginsItsRoundAtItsOwnIndex() {
        // Two sequencer subtasks with one track each: not both on recogniser 0.
        String fromFirst = new TrackPlacement(2, 128, 0).place(keysHashedTo(0, 2, 1).get(0));
        String fromSecond = new TrackPlacement(2, 128, 1).place(keysHashedTo(1, 2, 1).get(0));
        assertEquals(0, KeyGroupRangeAssignment.assignKeyToParallelOperator(fromFirst, 128, 2));
        assertEquals(1, KeyGroupRangeAssignment.assignKeyToParallelOperator(fromSecond, 128, 2));
    }

    @Test
    void oneSubtaskKeepsTheTracksOwnKey() {
        assertEquals("space/track", new TrackPlacement(1, 128, 0).place("space/track"));
    }
}
