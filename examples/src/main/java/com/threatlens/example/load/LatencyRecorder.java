package com.threatlens.example.load;

import java.util.Arrays;

/** Every latency of one operation in nanoseconds, plus its error count. Not thread-safe: one per worker. */
final class LatencyRecorder {

    private long[] latencies = new long[1024];
    private int count;
    private long errors;

    void record(long nanos, boolean ok) {
        if (count == latencies.length) {
            latencies = Arrays.copyOf(latencies, count * 2);
        }
        latencies[count++] = nanos;
        if (!ok) {
            errors++;
        }
    }

    void addAll(LatencyRecorder other) {
        if (count + other.count > latencies.length) {
            latencies = Arrays.copyOf(latencies, Math.max(latencies.length * 2, count + other.count));
        }
        System.arraycopy(other.latencies, 0, latencies, count, other.count);
        count += other.count;
        errors += other.errors;
    }

    int count() {
        return count;
    }

    OperationStats stats(double seconds) {
        long[] sorted = Arrays.copyOf(latencies, count);
        Arrays.sort(sorted);
        return new OperationStats(count, errors, seconds > 0 ? count / seconds : 0,
                millis(percentile(sorted, 50)), millis(percentile(sorted, 95)),
                millis(percentile(sorted, 99)), millis(count == 0 ? 0 : sorted[count - 1]));
    }

    /** Nearest-rank percentile. */
    private static long percentile(long[] sorted, double percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double millis(long nanos) {
        return Math.round(nanos / 1_000.0) / 1_000.0;
    }
}
