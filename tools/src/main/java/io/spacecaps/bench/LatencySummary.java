package io.spacecaps.bench;

import java.util.Arrays;

/**
 * Order statistics of a set of latencies in milliseconds (nearest-rank percentiles, so every figure
 * is a latency that was actually observed). Empty sets have a count of 0 and null figures.
 */
public record LatencySummary(int count, Long p50, Long p95, Long p99, Long max, Double mean) {

    public static LatencySummary of(long[] values) {
        if (values.length == 0) {
            return new LatencySummary(0, null, null, null, null, null);
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        double mean = Arrays.stream(sorted).average().orElse(0);
        return new LatencySummary(sorted.length, rank(sorted, 0.50), rank(sorted, 0.95), rank(sorted, 0.99),
                sorted[sorted.length - 1], Math.round(mean * 10) / 10.0);
    }

    /** The smallest value with at least {@code q} of all values at or below it. */
    static long rank(long[] sorted, double q) {
        // The small epsilon keeps 0.95 * 200 (189.99999999999997 or 190.00000000000003) at rank 190.
        int index = (int) Math.ceil(q * sorted.length - 1e-9) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
