package com.threatlens.agent.advisor;

import org.HdrHistogram.Histogram;

import com.threatlens.agent.jdbc.StatementStats;
import com.threatlens.sidecar.advisor.Speedup;

/**
 * Closes the loop on one applied index for one statement: the statement's statistics when the
 * index was created are kept, and the executions since then are compared with them (mean and p95),
 * once at least {@link #MIN_EXECUTIONS} were seen. The figures before are all executions seen
 * until the index; those after are exactly the executions since, taken as the difference of the
 * two distributions.
 */
final class SpeedupCheck {

    static final int MIN_EXECUTIONS = 20;

    private final StatementStats stats;
    private final long completedBefore;
    private final double totalMsBefore;
    private final Histogram before;

    SpeedupCheck(StatementStats stats) {
        this.stats = stats;
        this.completedBefore = stats.completedCount();
        this.totalMsBefore = stats.totalMillis();
        this.before = stats.latencyMicros();
    }

    /** The comparison now; {@code current} is the statement's statistics as the table holds them (null: gone). */
    Speedup measure(StatementStats current) {
        double meanBefore = completedBefore == 0 ? 0 : totalMsBefore / completedBefore;
        double p95Before = completedBefore == 0 ? 0 : before.getValueAtPercentile(95) / 1_000.0;
        if (current != stats) {
            return new Speedup("unavailable", "the statement's statistics were reset or evicted since the index was created",
                completedBefore, meanBefore, p95Before, 0, 0, 0, 0, 0);
        }
        long callsAfter = stats.completedCount() - completedBefore;
        if (callsAfter < MIN_EXECUTIONS || completedBefore == 0) {
            return new Speedup("waiting", callsAfter + " executions since the index was created; measured from "
                + MIN_EXECUTIONS, completedBefore, meanBefore, p95Before, callsAfter, 0, 0, 0, 0);
        }
        Histogram after = stats.latencyMicros();
        try {
            after.subtract(before);
        } catch (IllegalArgumentException | ArrayIndexOutOfBoundsException inconsistent) {
            return new Speedup("unavailable", "the latency distributions could not be compared", completedBefore,
                meanBefore, p95Before, callsAfter, 0, 0, 0, 0);
        }
        double meanAfter = (stats.totalMillis() - totalMsBefore) / callsAfter;
        double p95After = after.getValueAtPercentile(95) / 1_000.0;
        return new Speedup("measured", null, completedBefore, meanBefore, p95Before, callsAfter, meanAfter, p95After,
            ratio(meanBefore, meanAfter), ratio(p95Before, p95After));
    }

    private static double ratio(double before, double after) {
        return after <= 0 ? 0 : before / after;
    }
}
