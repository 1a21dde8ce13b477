package io.spacecaps.stats;

/**
 * Latencies counted in buckets that grow by 15% from 10 ms (the last takes everything above a
 * minute), so that percentiles over a whole Space cost half a kilobyte and are never below the
 * exact value and at most 15% above it. A Flink POJO.
 */
public class LatencyHistogram {
    static final int BUCKETS = 64;
    private static final double FIRST_MS = 10;
    private static final double GROWTH = 1.15;

    public long[] counts = new long[BUCKETS];
    public long total;

    public LatencyHistogram() {
    }

    void add(long latencyMs) {
        int bucket = latencyMs <= FIRST_MS ? 0 : (int) Math.ceil(Math.log(latencyMs / FIRST_MS) / Math.log(GROWTH));
        counts[Math.min(BUCKETS - 1, bucket)]++;
        total++;
    }

    /** The latency below which {@code fraction} of the counted ones fall (a bucket's upper edge); 0 with none. */
    long percentile(double fraction) {
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(fraction * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return upperEdge(i);
            }
        }
        return upperEdge(BUCKETS - 1);
    }

    static long upperEdge(int bucket) {
        return Math.round(FIRST_MS * Math.pow(GROWTH, bucket));
    }
}
