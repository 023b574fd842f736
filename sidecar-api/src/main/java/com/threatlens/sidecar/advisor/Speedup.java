package com.threatlens.sidecar.advisor;

/**
 * The effect of an applied index on one statement, from its statistics before the index and the
 * executions after it: {@code state} is {@code waiting} until enough executions were seen,
 * {@code measured} then, {@code unavailable} when the statistics were reset or evicted meanwhile.
 */
public record Speedup(String state, String detail, long callsBefore, double meanMsBefore, double p95MsBefore,
                      long callsAfter, double meanMsAfter, double p95MsAfter, double meanSpeedup, double p95Speedup) {
}
