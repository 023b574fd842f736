package com.threatlens.example.load;

/** Counts, throughput and latency percentiles (milliseconds) of one operation or of all. */
public record OperationStats(
        long count,
        long errors,
        double throughputRps,
        double p50Ms,
        double p95Ms,
        double p99Ms,
        double maxMs) {
}
