package com.threatlens.agent.config;

import java.time.Duration;
import java.util.Locale;

/** Parses durations ({@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 2d}) and sizes ({@code 64MB}). */
public final class Units {

    private Units() {
    }

    public static Duration parseDuration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        int split = unitStart(t);
        long amount = Long.parseLong(t.substring(0, split));
        if (amount < 0) {
            throw new IllegalArgumentException("negative");
        }
        switch (t.substring(split).trim()) {
            case "ms":
                return Duration.ofMillis(amount);
            case "s":
                return Duration.ofSeconds(amount);
            case "m":
            case "min":
                return Duration.ofMinutes(amount);
            case "h":
                return Duration.ofHours(amount);
            case "d":
                return Duration.ofDays(amount);
            default:
                throw new IllegalArgumentException("unknown unit");
        }
    }

    public static long parseSize(String text) {
        String t = text.trim().toUpperCase(Locale.ROOT);
        int split = unitStart(t);
        long amount = Long.parseLong(t.substring(0, split));
        if (amount < 0) {
            throw new IllegalArgumentException("negative");
        }
        switch (t.substring(split).trim()) {
            case "B":
                return amount;
            case "KB":
            case "K":
                return Math.multiplyExact(amount, 1024L);
            case "MB":
            case "M":
                return Math.multiplyExact(amount, 1024L * 1024);
            case "GB":
            case "G":
                return Math.multiplyExact(amount, 1024L * 1024 * 1024);
            default:
                throw new IllegalArgumentException("unknown unit");
        }
    }

    /** Index of the first character after the (optionally signed) digits; the unit is mandatory. */
    private static int unitStart(String t) {
        int i = 0;
        if (i < t.length() && (t.charAt(i) == '-' || t.charAt(i) == '+')) {
            i++;
        }
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        if (i == t.length()) {
            throw new IllegalArgumentException("missing unit");
        }
        return i;
    }

    public static String formatSize(long bytes) {
        if (bytes % (1024L * 1024 * 1024) == 0 && bytes > 0) {
            return bytes / (1024L * 1024 * 1024) + "GB";
        }
        if (bytes % (1024L * 1024) == 0 && bytes > 0) {
            return bytes / (1024L * 1024) + "MB";
        }
        if (bytes % 1024L == 0 && bytes > 0) {
            return bytes / 1024L + "KB";
        }
        return bytes + "B";
    }
}
