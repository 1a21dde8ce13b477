package io.spacecaps.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the most tracks a trial sustains: doubling from {@code start} until a trial fails or the
 * maximum is reached, then halving the interval between the last success and the first failure,
 * down to one track or until the trials run out. A trial is a real-time load step, minutes long, so
 * the search spends as few as it can.
 */
final class CapacitySearch {

    interface Trial {
        boolean sustains(int tracks) throws Exception;
    }

    /**
     * @param sustainedTracks most tracks a trial sustained; 0 if none did
     * @param atLeast         true when no trial failed: the capacity may be higher than searched
     * @param lowestFailure   fewest tracks a trial failed at, or 0 if none failed
     * @param tried           the track counts tried, in order
     */
    record Outcome(int sustainedTracks, boolean atLeast, int lowestFailure, List<Integer> tried) {
    }

    private CapacitySearch() {
    }

    static Outcome search(int start, int max, int maxTrials, Trial trial) throws Exception {
        List<Integer> tried = new ArrayList<>();
        int pass = 0;
        int fail = 0;
        int next = Math.max(1, Math.min(start, max));
        while (tried.size() < maxTrials) {
            tried.add(next);
            if (trial.sustains(next)) {
                pass = next;
                if (next >= max) {
                    break;
                }
                next = Math.min(max, next * 2);
            } else {
                fail = next;
                break;
            }
        }
        while (fail > 0 && fail - pass > 1 && tried.size() < maxTrials) {
            int mid = pass == 0 ? Math.max(1, fail / 2) : (pass + fail) / 2;
            tried.add(mid);
            if (trial.sustains(mid)) {
                pass = mid;
            } else {
                fail = mid;
            }
        }
        return new Outcome(pass, fail == 0, fail, List.copyOf(tried));
    }
}
