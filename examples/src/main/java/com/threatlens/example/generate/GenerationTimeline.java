package com.threatlens.example.generate;

import com.threatlens.example.data.Timestamps;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

/**
 * The year of history the generated data covers: from 365 days before the reference date up
 * to its UTC midnight. Everything is placed by second offsets drawn from the seeded random.
 */
final class GenerationTimeline {

    static final long DAY_SECONDS = 24L * 60 * 60;
    static final long YEAR_SECONDS = 365 * DAY_SECONDS;

    private final long endEpochSecond;

    GenerationTimeline(LocalDate referenceDate) {
        this.endEpochSecond = referenceDate.atStartOfDay(ZoneOffset.UTC).toEpochSecond();
    }

    long start() {
        return endEpochSecond - YEAR_SECONDS;
    }

    long end() {
        return endEpochSecond;
    }

    /** A second in [from, end), skewed towards the end when {@code recentBias} > 1. */
    long between(SplittableRandom random, long from, double recentBias) {
        double position = Math.pow(random.nextDouble(), 1.0 / recentBias);
        long span = Math.max(1, endEpochSecond - from);
        return Math.min(endEpochSecond - 1, from + (long) (position * span));
    }

    /** Spreads {@code count} items evenly over the year so that ids grow with time. */
    long slot(SplittableRandom random, int index, int count) {
        double position = (index + random.nextDouble()) / count;
        return start() + (long) (position * (YEAR_SECONDS - 1));
    }

    static String text(long epochSecond) {
        return Timestamps.format(Instant.ofEpochSecond(epochSecond));
    }
}
