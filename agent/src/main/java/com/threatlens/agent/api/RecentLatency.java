package com.threatlens.agent.api;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;

/**
 * Response times of the last one to two minutes, for the health verdict: cumulative percentiles
 * would remember a bad hour forever. Two histograms take turns, one filling and one holding the
 * previous minute; a read merges both.
 */
final class RecentLatency {

    static final long PERIOD_MILLIS = 60_000;
    private static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);

    private volatile AtomicHistogram current = histogram();
    private volatile AtomicHistogram previous = histogram();
    private volatile long periodStartMillis;

    RecentLatency(long nowMillis) {
        this.periodStartMillis = nowMillis;
    }

    void record(long nanos, long nowMillis) {
        rotate(nowMillis);
        current.recordValue(Math.min(MAX_MICROS, Math.max(1, nanos / 1_000)));
    }

    /** The percentile over the last one to two minutes, in milliseconds; 0 without requests. */
    double percentileMillis(double percentile, long nowMillis) {
        rotate(nowMillis);
        Histogram merged = new Histogram(1, MAX_MICROS, 1);
        merged.add(previous);
        merged.add(current);
        return merged.getTotalCount() == 0 ? 0 : merged.getValueAtPercentile(percentile) / 1_000.0;
    }

    long count(long nowMillis) {
        rotate(nowMillis);
        return previous.getTotalCount() + current.getTotalCount();
    }

    private void rotate(long nowMillis) {
        if (nowMillis - periodStartMillis < PERIOD_MILLIS) {
            return;
        }
        synchronized (this) {
            long elapsed = nowMillis - periodStartMillis;
            if (elapsed < PERIOD_MILLIS) {
                return;
            }
            // A whole idle period in between leaves nothing recent to keep.
            AtomicHistogram recycled = elapsed >= 2 * PERIOD_MILLIS ? histogram() : current;
            previous = recycled;
            current = histogram();
            periodStartMillis = nowMillis - elapsed % PERIOD_MILLIS;
        }
    }

    private static AtomicHistogram histogram() {
        return new AtomicHistogram(1, MAX_MICROS, 1);
    }
}
