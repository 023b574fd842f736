package com.threatlens.agent.analytics;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

import com.threatlens.sidecar.queries.DatabaseRow;
import com.threatlens.sidecar.queries.QueryStatistics;
import com.threatlens.sidecar.queries.StatementRow;

/**
 * The application's statement statistics over time: the totals are sampled (every minute, and at
 * each request) and what changed since the sample before is added to the hour it happened in. At
 * most a year of hours is kept, in memory: the history starts when the JVM does. A reset of the
 * statistics or an evicted statement makes a total go down; such a sample adds nothing.
 */
final class QueryHistory {

    static final int MAX_HOURS = 365 * 24;
    static final int TOP_STATEMENTS = 10;
    /** Up to this many days the history is given per hour, beyond per day. */
    static final int HOURLY_UP_TO_DAYS = 2;

    private final QueryStatistics statistics;
    private final LongSupplier clockMillis;
    private final Deque<Bucket> hours = new ArrayDeque<>();
    /** From zero: what ran before the first sample counts in its hour. */
    private Totals last = new Totals(0, 0, 0, 0);

    QueryHistory(QueryStatistics statistics, LongSupplier clockMillis) {
        this.statistics = statistics;
        this.clockMillis = clockMillis;
    }

    synchronized void sample() {
        Totals now = Totals.of(statistics.databases(0));
        long hour = clockMillis.getAsLong() / 3_600_000L;
        Bucket bucket = hours.peekLast();
        if (bucket == null || bucket.hour != hour) {
            bucket = new Bucket(hour);
            hours.addLast(bucket);
            while (hours.size() > MAX_HOURS) {
                hours.removeFirst();
            }
        }
        bucket.add(now, last);
        last = now;
    }

    /** The figures since {@code since}: totals, a series per hour or per day, and the heaviest statements now. */
    synchronized Map<String, Object> since(Instant since, int days) {
        sample();
        long firstHour = since.toEpochMilli() / 3_600_000L;
        boolean hourly = days <= HOURLY_UP_TO_DAYS;
        Map<Long, Bucket> series = new LinkedHashMap<>();
        Bucket total = new Bucket(firstHour);
        for (Bucket bucket : hours) {
            if (bucket.hour < firstHour) {
                continue;
            }
            long slot = hourly ? bucket.hour : bucket.hour / 24 * 24;
            series.computeIfAbsent(slot, Bucket::new).merge(bucket);
            total.merge(bucket);
        }
        List<Map<String, Object>> points = new ArrayList<>();
        series.values().forEach(bucket -> points.add(bucket.row()));
        List<Map<String, Object>> top = new ArrayList<>();
        statistics.statements(null).stream()
            .sorted(Comparator.comparingDouble(StatementRow::totalMs).reversed())
            .limit(TOP_STATEMENTS)
            .forEach(row -> {
                Map<String, Object> statement = new LinkedHashMap<>();
                statement.put("id", row.id());
                statement.put("query", row.query());
                statement.put("calls", row.calls());
                statement.put("total_ms", row.totalMs());
                statement.put("mean_ms", row.meanMs());
                statement.put("p95_ms", row.p95Ms());
                top.add(statement);
            });
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("since", since.truncatedTo(ChronoUnit.SECONDS).toString());
        data.put("granularity", hourly ? "hour" : "day");
        Map<String, Object> totals = total.row();
        totals.remove("from");
        data.put("totals", totals);
        data.put("series", points);
        data.put("top_statements", top);
        return data;
    }

    /** The statistics' running totals at one moment. */
    private record Totals(long calls, long errors, long slow, double totalMs) {

        static Totals of(List<DatabaseRow> databases) {
            long calls = 0;
            long errors = 0;
            long slow = 0;
            double totalMs = 0;
            for (DatabaseRow database : databases) {
                calls += database.calls();
                errors += database.errors();
                slow += database.slowCount();
                totalMs += database.totalMs();
            }
            return new Totals(calls, errors, slow, totalMs);
        }
    }

    /** What happened in one hour (or, merged, one day or the whole window). */
    private static final class Bucket {
        final long hour;
        long calls;
        long errors;
        long slow;
        double totalMs;

        Bucket(long hour) {
            this.hour = hour;
        }

        void add(Totals now, Totals before) {
            if (now.calls() < before.calls() || now.totalMs() < before.totalMs()) {
                return;
            }
            calls += now.calls() - before.calls();
            errors += Math.max(0, now.errors() - before.errors());
            slow += Math.max(0, now.slow() - before.slow());
            totalMs += now.totalMs() - before.totalMs();
        }

        void merge(Bucket other) {
            calls += other.calls;
            errors += other.errors;
            slow += other.slow;
            totalMs += other.totalMs;
        }

        Map<String, Object> row() {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("from", Instant.ofEpochMilli(hour * 3_600_000L).toString());
            row.put("calls", calls);
            row.put("errors", errors);
            row.put("slow", slow);
            row.put("total_ms", Math.round(totalMs * 1000) / 1000.0);
            row.put("mean_ms", calls == 0 ? 0.0 : Math.round(totalMs / calls * 1000) / 1000.0);
            return row;
        }
    }
}
