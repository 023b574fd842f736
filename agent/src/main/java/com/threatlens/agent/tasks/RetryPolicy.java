package com.threatlens.agent.tasks;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * How often and after how long a retryable failure is tried again: the n-th retry waits
 * {@code base * 2^(n-1)}, capped at {@code max}, of which a random half is taken off (jitter) so
 * that tasks failing together do not retry together.
 *
 * @param retries most retries after the first attempt; 0: none
 * @param jitter  a source of numbers in [0, 1); tests give a fixed one
 */
record RetryPolicy(int retries, Duration base, Duration max, DoubleSupplier jitter) {

    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    RetryPolicy(int retries, Duration base) {
        this(retries, base, MAX_BACKOFF, () -> ThreadLocalRandom.current().nextDouble());
    }

    boolean mayRetry(int attemptsMade) {
        return attemptsMade <= retries;
    }

    /** The wait before the attempt after {@code attemptsMade} failed ones. */
    Duration backoff(int attemptsMade) {
        long cap = max.toNanos();
        long full = Math.min(base.toNanos(), cap);
        for (int i = 1; i < attemptsMade && full < cap; i++) {
            full *= 2;
        }
        full = Math.min(full, cap);
        long half = full / 2;
        return Duration.ofNanos(half + (long) (half * jitter.getAsDouble()));
    }
}
