package com.threatlens.agent.jdbc;

import java.util.function.LongSupplier;

/**
 * Wall-clock milliseconds for a {@code System.nanoTime()} reading the caller took anyway: the
 * wall clock itself is read again only once a millisecond of nanoTime has passed since the last
 * reading. A statement's "last seen" time needs no finer grain, and on the virtual machines
 * measured each clock call costs 30 to 40 ns, a tenth of what the agent adds to a point query.
 */
final class MillisFromNanos {

    private static final long ONE_MILLI = 1_000_000;

    private final LongSupplier clockMillis;
    private volatile Reading last;

    MillisFromNanos(LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
    }

    long at(long nanoTime) {
        Reading reading = last;
        if (reading != null) {
            long since = nanoTime - reading.nanoTime;
            if (since >= 0 && since < ONE_MILLI) {
                return reading.millis;
            }
        }
        reading = new Reading(nanoTime, clockMillis.getAsLong());
        last = reading;
        return reading.millis;
    }

    /** One wall-clock reading and the nanoTime it was taken at. */
    private record Reading(long nanoTime, long millis) {
    }
}
