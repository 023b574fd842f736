package com.threatlens.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UnitsTest {

    @ParameterizedTest
    @CsvSource({
        "100ms, PT0.1S",
        "30s, PT30S",
        "5m, PT5M",
        "5min, PT5M",
        "1h, PT1H",
        "2d, PT48H",
        "0ms, PT0S",
        "30S, PT30S",
        "'  250ms ', PT0.25S",
        "'10 s', PT10S"})
    void durations_are_read_with_their_unit(String text, Duration expected) {
        assertEquals(expected, Units.parseDuration(text));
    }

    @ParameterizedTest
    @CsvSource({
        "10B, 10",
        "512KB, 524288",
        "64MB, 67108864",
        "1GB, 1073741824",
        "8G, 8589934592",
        "4k, 4096",
        "64mb, 67108864",
        "'2 MB', 2097152",
        "0B, 0"})
    void sizes_are_read_with_their_unit(String text, long expected) {
        assertEquals(expected, Units.parseSize(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"100", "10 parsecs", "-5s", "abc", "ms", "", "1.5s", "5 m s", "10sec"})
    void a_malformed_duration_is_refused(String text) {
        assertThrows(IllegalArgumentException.class, () -> Units.parseDuration(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"100", "10 parsecs", "-5MB", "abc", "MB", "", "1.5GB", "64TB"})
    void a_malformed_size_is_refused(String text) {
        assertThrows(IllegalArgumentException.class, () -> Units.parseSize(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9999999999999999999B", "9999999999GB", "9223372036854775807KB"})
    void a_size_too_large_for_a_long_is_refused_rather_than_wrapping(String text) {
        assertThrows(RuntimeException.class, () -> Units.parseSize(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"9999999999999999999ms", "9223372036854775807d", "9223372036854775807h"})
    void a_duration_too_large_is_refused_rather_than_wrapping(String text) {
        assertThrows(RuntimeException.class, () -> Units.parseDuration(text));
    }

    @Test
    void the_largest_size_that_fits_is_accepted() {
        assertEquals(Long.MAX_VALUE, Units.parseSize(Long.MAX_VALUE + "B"));
        assertEquals(8_589_934_591L * 1024 * 1024 * 1024, Units.parseSize("8589934591GB"));
    }

    @ParameterizedTest
    @CsvSource({"67108864, 64MB", "1073741824, 1GB", "524288, 512KB", "1536, 1536B", "0, 0B", "10, 10B"})
    void sizes_are_formatted_in_the_largest_exact_unit(long bytes, String expected) {
        assertEquals(expected, Units.formatSize(bytes));
    }

    @ParameterizedTest
    @ValueSource(longs = {0, 1, 1023, 1024, 1536, 67_108_864, 1_073_741_824, 5_368_709_120L})
    void a_formatted_size_reads_back_as_the_same_number(long bytes) {
        assertEquals(bytes, Units.parseSize(Units.formatSize(bytes)));
    }

    @Test
    void the_duration_and_size_value_types_use_these_units_and_say_so() {
        assertEquals(Duration.ofMillis(250), ValueType.DURATION.parse("250ms"));
        assertEquals(64L * 1024 * 1024, ValueType.SIZE.parse("64MB"));
        assertThrows(IllegalArgumentException.class, () -> ValueType.DURATION.parse("250"));
        assertEquals(true, ValueType.DURATION.acceptedForm().contains("250ms"));
        assertEquals(true, ValueType.SIZE.acceptedForm().contains("64MB"));
    }
}
