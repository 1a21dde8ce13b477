package io.spacecaps.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CapacitySearchTest {

    @Test
    void doublesThenHalvesTheIntervalDownToOneTrack() throws Exception {
        CapacitySearch.Outcome found = CapacitySearch.search(2, 40, 20, tracks -> tracks <= 13);
        assertEquals(13, found.sustainedTracks());
        assertFalse(found.atLeast());
        assertEquals(14, found.lowestFailure());
        assertEquals(List.of(2, 4, 8, 16, 12, 14, 13), found.tried());
    }

    @Test
    void stopsAtTheMaximumAndSaysTheCapacityMayBeHigher() throws Exception {
        CapacitySearch.Outcome found = CapacitySearch.search(2, 6, 20, tracks -> true);
        assertEquals(6, found.sustainedTracks());
        assertTrue(found.atLeast());
        assertEquals(List.of(2, 4, 6), found.tried());
    }

    @Test
    void triesOneTrackWhenTwoAreTooMany() throws Exception {
        assertEquals(1, CapacitySearch.search(2, 10, 20, tracks -> tracks == 1).sustainedTracks());
        CapacitySearch.Outcome none = CapacitySearch.search(2, 10, 20, tracks -> false);
        assertEquals(0, none.sustainedTracks());
        assertEquals(List.of(2, 1), none.tried());
    }

    @Test
    void spendsNoMoreTrialsThanAllowed() throws Exception {
        CapacitySearch.Outcome found = CapacitySearch.search(2, 100, 6, tracks -> tracks <= 37);
        assertEquals(List.of(2, 4, 8, 16, 32, 64), found.tried());
        assertEquals(32, found.sustainedTracks());
        assertEquals(64, found.lowestFailure());
        assertFalse(found.atLeast());

        CapacitySearch.Outcome unfinished = CapacitySearch.search(2, 100, 3, tracks -> true);
        assertEquals(8, unfinished.sustainedTracks());
        assertTrue(unfinished.atLeast(), "no trial failed before they ran out");
    }
}
