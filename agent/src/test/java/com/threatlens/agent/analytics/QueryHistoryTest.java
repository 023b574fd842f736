package com.threatlens.agent.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import com.threatlens.sidecar.queries.DatabaseRow;
import com.threatlens.sidecar.queries.QueryStatistics;
import com.threatlens.sidecar.queries.SlowStatement;
import com.threatlens.sidecar.queries.StatementRow;

/** The statement statistics over time, with totals and a clock the test moves. */
class QueryHistoryTest {

    private static final long HOUR = 3_600_000L;
    private static final Instant START = Instant.parse("2026-11-20T00:00:00Z");

    private final AtomicLong now = new AtomicLong(START.toEpochMilli());
    private final Totals totals = new Totals();
    private final QueryHistory history = new QueryHistory(totals, now::get);

    @Test
    void what_ran_is_counted_in_the_hour_it_ran_and_series_are_hourly_for_short_windows() {
        totals.add(10, 50.0, 1, 0);
        history.sample();
        now.addAndGet(HOUR + 60_000);
        totals.add(4, 400.0, 0, 2);
        history.sample();

        Map<String, Object> data = history.since(START, 1);

        assertEquals("hour", data.get("granularity"));
        List<?> series = (List<?>) data.get("series");
        assertEquals(2, series.size());
        assertEquals(10L, ((Map<?, ?>) series.get(0)).get("calls"));
        assertEquals(5.0, ((Map<?, ?>) series.get(0)).get("mean_ms"));
        assertEquals("2026-11-20T01:00:00Z", ((Map<?, ?>) series.get(1)).get("from"));
        assertEquals(100.0, ((Map<?, ?>) series.get(1)).get("mean_ms"));
        Map<?, ?> sum = (Map<?, ?>) data.get("totals");
        assertEquals(14L, sum.get("calls"));
        assertEquals(1L, sum.get("errors"));
        assertEquals(2L, sum.get("slow"));
        assertEquals(450.0, sum.get("total_ms"));
    }

    @Test
    void longer_windows_are_per_day_and_hours_before_the_window_are_left_out() {
        totals.add(7, 7.0, 0, 0);
        history.sample();
        now.addAndGet(3 * 24 * HOUR);
        totals.add(5, 10.0, 0, 0);
        history.sample();
        now.addAndGet(5 * HOUR);
        totals.add(1, 1.0, 0, 0);

        Map<String, Object> data = history.since(START.plusSeconds(24 * 3600), 7);

        assertEquals("day", data.get("granularity"));
        List<?> series = (List<?>) data.get("series");
        assertEquals(1, series.size(), series::toString);
        assertEquals("2026-11-23T00:00:00Z", ((Map<?, ?>) series.get(0)).get("from"));
        assertEquals(6L, ((Map<?, ?>) series.get(0)).get("calls"));
    }

    @Test
    void a_reset_of_the_statistics_adds_nothing_and_counting_resumes_after_it() {
        totals.add(100, 100.0, 0, 0);
        history.sample();
        totals.reset();
        totals.add(3, 3.0, 0, 0);
        history.sample();
        totals.add(2, 2.0, 0, 0);
        history.sample();

        Map<?, ?> sum = (Map<?, ?>) history.since(START, 1).get("totals");

        assertEquals(102L, sum.get("calls"));
    }

    @Test
    void the_heaviest_statements_now_come_with_the_history() {
        totals.statements.add(row("light", 10.0));
        totals.statements.add(row("heavy", 900.0));

        List<?> top = (List<?>) history.since(START, 1).get("top_statements");

        assertEquals("heavy", ((Map<?, ?>) top.get(0)).get("id"));
        assertEquals(2, top.size());
    }

    private static StatementRow row(String id, double totalMs) {
        return new StatementRow(id, "jdbc:sqlite:x.db", "SELECT ?", "select", List.of(), 1, 0, 0, 0, totalMs, totalMs,
            totalMs, totalMs, totalMs, totalMs, totalMs, totalMs, 0, "", "", Map.of());
    }

    /** Running totals as the JDBC feature keeps them. */
    private static final class Totals implements QueryStatistics {
        long calls;
        long errors;
        long slow;
        double totalMs;
        final List<StatementRow> statements = new ArrayList<>();

        void add(long moreCalls, double moreMs, long moreErrors, long moreSlow) {
            calls += moreCalls;
            totalMs += moreMs;
            errors += moreErrors;
            slow += moreSlow;
        }

        @Override
        public List<StatementRow> statements(String database) {
            return statements;
        }

        @Override
        public List<DatabaseRow> databases(int top) {
            return List.of(new DatabaseRow("jdbc:sqlite:x.db", calls, errors, 0, slow, totalMs, 1, List.of(), List.of()));
        }

        @Override
        public List<SlowStatement> slowerThan(double thresholdMs) {
            return List.of();
        }

        @Override
        public Map<String, Object> summary() {
            return Map.of();
        }

        @Override
        public void reset() {
            calls = 0;
            errors = 0;
            slow = 0;
            totalMs = 0;
        }
    }
}
