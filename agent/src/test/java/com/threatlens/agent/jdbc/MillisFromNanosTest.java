package com.threatlens.agent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class MillisFromNanosTest {

    private final AtomicLong wall = new AtomicLong(1_000);
    private final AtomicInteger reads = new AtomicInteger();
    private final MillisFromNanos clock = new MillisFromNanos(() -> {
        reads.incrementAndGet();
        return wall.get();
    });

    @Test
    void readsTheWallClockAtMostOnceAMillisecond() {
        assertEquals(1_000, clock.at(5_000_000));
        wall.set(1_001);
        assertEquals(1_000, clock.at(5_400_000), "within the millisecond: the last reading");
        assertEquals(1_000, clock.at(5_999_999));
        assertEquals(1, reads.get());
        assertEquals(1_001, clock.at(6_000_000), "a millisecond later: read again");
        assertEquals(2, reads.get());
    }

    @Test
    void anOlderNanoTimeThanTheLastReadingReadsAgain() {
        clock.at(9_000_000);
        wall.set(2_000);
        assertEquals(2_000, clock.at(8_500_000));
        assertEquals(2, reads.get());
    }
}
