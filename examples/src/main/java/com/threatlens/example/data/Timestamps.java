package com.threatlens.example.data;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Every timestamp in the database is UTC text of one fixed width, {@code 2026-03-01T12:00:00Z}
 * (seconds precision, no fraction), so range filters work with plain string comparison.
 */
public final class Timestamps {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private Timestamps() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }

    public static String now(Clock clock) {
        return format(clock.instant());
    }

    /**
     * The start of a window of {@code days} whole days ending today: UTC midnight {@code days}
     * days before the current day. Day granularity keeps the bound identical for a whole day.
     */
    public static String startOfWindow(Clock clock, int days) {
        Instant today = clock.instant().truncatedTo(ChronoUnit.DAYS);
        return format(today.minus(days, ChronoUnit.DAYS));
    }
}
