package com.threatlens.agent.tasks;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when the test says so. */
final class FakeTaskClock implements TaskClock {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicLong wallMillis = new AtomicLong(1_700_000_000_000L);

    @Override
    public long nanos() {
        return nanos.get();
    }

    @Override
    public long wallMillis() {
        return wallMillis.get();
    }

    void advance(Duration by) {
        nanos.addAndGet(by.toNanos());
        wallMillis.addAndGet(by.toMillis());
    }
}
