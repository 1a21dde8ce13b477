package io.spacecaps.bench;

import org.junit.jupiter.api.Test;

import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LatencySummaryTest {

    @Test
    void percentilesAreObservedValuesByNearestRank() {
        LatencySummary s = LatencySummary.of(LongStream.rangeClosed(1, 200).map(i -> 201 - i).toArray());
        assertEquals(200, s.count());
        assertEquals(100L, s.p50());
        assertEquals(190L, s.p95());
        assertEquals(198L, s.p99());
        assertEquals(200L, s.max());
        assertEquals(100.5, s.mean());
    }

    @Test
    void aSingleValueIsEveryPercentile() {
        LatencySummary s = LatencySummary.of(new long[]{42});
        assertEquals(42L, s.p50());
        assertEquals(42L, s.p99());
    }

    @Test
    void nothingMeasuredIsNull() {
        LatencySummary s = LatencySummary.of(new long[0]);
        assertEquals(0, s.count());
        assertNull(s.p99());
    }
}
