package com.threatlens.agent.api;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Events per second over the last 1, 5 and 15 minutes, counted exactly in 10-second buckets (a
 * ring of 90, 1.4 KB): the figure for a window is the events of the buckets it covers divided by
 * the time they cover, which is 50 to 60 seconds for the last minute while the current bucket
 * fills, and never more than the time since counting began.
 *
 * <p>Recording is two atomic reads and an atomic increment. A bucket is reused when its slot
 * comes round again after 15 minutes: the first event of the new period resets it under a lock,
 * zeroing the count before publishing the new period, so an event that sees the new period is
 * never lost.
 */
final class RequestRate {

    static final long BUCKET_MILLIS = 10_000;
    static final int BUCKETS = 90;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLongArray periods = new AtomicLongArray(BUCKETS);
    private final long startMillis;

    RequestRate(long startMillis) {
        this.startMillis = startMillis;
        for (int i = 0; i < BUCKETS; i++) {
            periods.set(i, -1);
        }
    }

    void record(long nowMillis) {
        long period = nowMillis / BUCKET_MILLIS;
        int slot = (int) (period % BUCKETS);
        if (periods.get(slot) != period) {
            synchronized (this) {
                if (periods.get(slot) != period) {
                    counts.set(slot, 0);
                    periods.set(slot, period);
                }
            }
        }
        counts.incrementAndGet(slot);
    }

    /** Events in the window of the last {@code minutes} (1 to 15), per second. */
    double perSecond(long nowMillis, int minutes) {
        long oldest = oldestPeriod(nowMillis, minutes);
        long windowStart = Math.max(oldest * BUCKET_MILLIS, startMillis);
        double seconds = Math.max(1_000, nowMillis - windowStart) / 1_000.0;
        return events(nowMillis, minutes) / seconds;
    }

    /** Events in the window of the last {@code minutes} (1 to 15). */
    long events(long nowMillis, int minutes) {
        long current = nowMillis / BUCKET_MILLIS;
        long oldest = oldestPeriod(nowMillis, minutes);
        long events = 0;
        for (int i = 0; i < BUCKETS; i++) {
            long period = periods.get(i);
            if (period >= oldest && period <= current) {
                events += counts.get(i);
            }
        }
        return events;
    }

    private static long oldestPeriod(long nowMillis, int minutes) {
        return nowMillis / BUCKET_MILLIS - minutes * (60_000 / BUCKET_MILLIS) + 1;
    }
}
