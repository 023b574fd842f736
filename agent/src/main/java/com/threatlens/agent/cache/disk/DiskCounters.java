package com.threatlens.agent.cache.disk;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import com.threatlens.agent.bootstrap.AgentLog;

/** What the disk tier counts; failures are counted and only the first is logged. */
final class DiskCounters {

    final LongAdder reads = new LongAdder();
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder writes = new LongAdder();
    final LongAdder writesDropped = new LongAdder();
    final LongAdder evictedSize = new LongAdder();
    final LongAdder evictedExpired = new LongAdder();
    final LongAdder invalidated = new LongAdder();
    final LongAdder undecodableDropped = new LongAdder();
    final LongAdder corruptRecoveries = new LongAdder();
    final LongAdder failures = new LongAdder();
    private final AtomicBoolean failureLogged = new AtomicBoolean();

    void failure(String operation, Throwable cause) {
        failures.increment();
        if (failureLogged.compareAndSet(false, true)) {
            AgentLog.log(AgentLog.Level.WARN, "cache disk tier: " + operation + " failed (" + cause
                + "); further failures are only counted", cause);
        }
    }
}
