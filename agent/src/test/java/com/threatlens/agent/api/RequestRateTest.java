package com.threatlens.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Time is given, never waited for. */
class RequestRateTest {

    private static final long START = 1_700_000_000_000L;

    @Test
    void events_of_the_last_minute_per_second() {
        RequestRate rate = new RequestRate(START);
        // One event a second for two minutes.
        for (long second = 0; second < 120; second++) {
            rate.record(START + second * 1_000);
        }
        long now = START + 120_000;

        assertEquals(50, rate.events(now, 1), "the current bucket has just begun: 5 full buckets of 10 s");
        assertEquals(1.0, rate.perSecond(now, 1), 1e-9);
        assertEquals(120, rate.events(now, 5));
        assertEquals(1.0, rate.perSecond(now, 5), 1e-9, "5 minutes asked, 2 minutes of counting so far");
        assertEquals(1.0, rate.perSecond(now, 15), 1e-9);
    }

    @Test
    void old_events_leave_the_window_and_a_reused_bucket_starts_from_zero() {
        RequestRate rate = new RequestRate(START);
        for (int i = 0; i < 600; i++) {
            rate.record(START + 5_000);
        }
        long muchLater = START + 20 * 60_000;

        assertEquals(0, rate.events(muchLater, 15));
        // The same slot of the ring, 15 minutes on: the old count must not be added.
        rate.record(START + 5_000 + 15 * 60_000);
        assertEquals(1, rate.events(START + 5_000 + 15 * 60_000, 1));
    }

    @Test
    void a_burst_in_the_last_minute_shows_in_all_three_windows_in_proportion() {
        RequestRate rate = new RequestRate(START);
        long now = START + 30 * 60_000;
        for (int i = 0; i < 300; i++) {
            rate.record(now - 30_000);
        }

        assertEquals(300, rate.events(now, 1));
        assertEquals(300, rate.events(now, 5));
        assertEquals(300, rate.events(now, 15));
        assertEquals(300 / 300.0, rate.perSecond(now, 5), 0.05);
        assertEquals(300 / 900.0, rate.perSecond(now, 15), 0.01);
    }
}
