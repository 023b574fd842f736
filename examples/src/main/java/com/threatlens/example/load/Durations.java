package com.threatlens.example.load;

import java.time.Duration;

/** Parses durations written as {@code 500ms}, {@code 10s}, {@code 2m} or a plain number of seconds. */
public final class Durations {

    private Durations() {
    }

    public static Duration parse(String text) {
        String value = text.trim();
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("s")) {
                return seconds(value.substring(0, value.length() - 1));
            }
            if (value.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 60_000));
            }
            return seconds(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (use e.g. 500ms, 10s, 2m)");
        }
    }

    private static Duration seconds(String number) {
        return Duration.ofMillis(Math.round(Double.parseDouble(number) * 1000));
    }
}
