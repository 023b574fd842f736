package com.threatlens.agent.jdbc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.AtomicHistogram;

/**
 * Statistics of one normalized statement in one database, updated concurrently by every thread
 * that runs it. Counters are {@link LongAdder}s (no contention between threads); the latency
 * distribution is a lock-free HdrHistogram in microseconds from 1 µs to one hour with one
 * significant digit: buckets at most 1/16 (6%) wide, about 4 KB a statement, so the table's
 * bound also bounds the memory (5,000 statements: about 20 MB). A finer histogram would cost
 * tens of kilobytes a statement; its packed form saves the memory but costs several hundred
 * nanoseconds a recording, on every query.
 */
public final class StatementStats {

    private static final int MAX_SQL_STATES = 16;
    private static final int MAX_CALLERS = 5;

    final String database;
    final StatementIdentity identity;
    final OperationTotals totals;
    final LongAdder calls = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder rows = new LongAdder();
    // The completed count is the histogram's, and the total time execute + fetch: every counter
    // is an atomic update on every query, so none is kept twice.
    final LongAdder executeNanos = new LongAdder();
    final LongAdder fetchNanos = new LongAdder();
    final LongAdder slow = new LongAdder();
    private static final long MAX_MICROS = TimeUnit.HOURS.toMicros(1);
    private final AtomicHistogram micros = new AtomicHistogram(1, MAX_MICROS, 1);
    private final Map<String, LongAdder> errorsBySqlState = new ConcurrentHashMap<>();
    private final List<String> callers = new ArrayList<>();
    private volatile long minNanos = Long.MAX_VALUE;
    private volatile long maxNanos;
    final long firstSeenMillis;
    volatile long lastSeenMillis;
    volatile boolean evicted;

    StatementStats(String database, StatementIdentity identity, OperationTotals totals, long nowMillis) {
        this.database = database;
        this.identity = identity;
        this.totals = totals;
        this.firstSeenMillis = nowMillis;
        this.lastSeenMillis = nowMillis;
    }

    void called(long nowMillis) {
        calls.increment();
        // A volatile write is a full fence; most calls fall in the millisecond of the last one.
        if (lastSeenMillis != nowMillis) {
            lastSeenMillis = nowMillis;
        }
    }

    void failed(String sqlState) {
        errors.increment();
        String state = sqlState == null ? "none" : sqlState;
        LongAdder count = errorsBySqlState.get(state);
        if (count == null && errorsBySqlState.size() < MAX_SQL_STATES) {
            count = errorsBySqlState.computeIfAbsent(state, s -> new LongAdder());
        }
        if (count != null) {
            count.increment();
        }
    }

    /** One execution finished, its rows fetched (or abandoned): record its whole time. */
    void completed(long executeTime, long fetchTime, long rowCount) {
        long total = executeTime + fetchTime;
        executeNanos.add(executeTime);
        if (fetchTime != 0) {
            fetchNanos.add(fetchTime);
        }
        if (rowCount > 0) {
            rows.add(rowCount);
        }
        micros.recordValue(Math.min(MAX_MICROS, Math.max(1, total / 1_000)));
        if (total < minNanos) {
            lowerMin(total);
        }
        if (total > maxNanos) {
            raiseMax(total);
        }
    }

    private synchronized void lowerMin(long value) {
        if (value < minNanos) {
            minNanos = value;
        }
    }

    private synchronized void raiseMax(long value) {
        if (value > maxNanos) {
            maxNanos = value;
        }
    }

    void slowCaller(String caller) {
        slow.increment();
        synchronized (callers) {
            if (caller != null && !callers.contains(caller) && callers.size() < MAX_CALLERS) {
                callers.add(caller);
            }
        }
    }

    public StatementIdentity identity() {
        return identity;
    }

    public String database() {
        return database;
    }

    public long calls() {
        return calls.sum();
    }

    public long completedCount() {
        return micros.getTotalCount();
    }

    public long errors() {
        return errors.sum();
    }

    public long rows() {
        return rows.sum();
    }

    public long slowCount() {
        return slow.sum();
    }

    public double totalMillis() {
        return nanosToMillis(totalNanos());
    }

    long totalNanos() {
        return executeNanos.sum() + fetchNanos.sum();
    }

    public double executeMillis() {
        return nanosToMillis(executeNanos.sum());
    }

    public double fetchMillis() {
        return nanosToMillis(fetchNanos.sum());
    }

    public double meanMillis() {
        long n = completedCount();
        return n == 0 ? 0 : totalMillis() / n;
    }

    public double minMillis() {
        long min = minNanos;
        return min == Long.MAX_VALUE ? 0 : nanosToMillis(min);
    }

    public double maxMillis() {
        return nanosToMillis(maxNanos);
    }

    /** The latency at a percentile (0-100) of completed executions, in milliseconds. */
    public double percentileMillis(double percentile) {
        if (micros.getTotalCount() == 0) {
            return 0;
        }
        // A histogram bucket reports its upper bound; keep it within what was really seen.
        double value = micros.getValueAtPercentile(percentile) / 1_000.0;
        return Math.max(minMillis(), Math.min(maxMillis(), value));
    }

    /** A copy of the latency distribution in microseconds, to compare executions before and after a change. */
    public org.HdrHistogram.Histogram latencyMicros() {
        org.HdrHistogram.Histogram copy = new org.HdrHistogram.Histogram(1, MAX_MICROS, 1);
        copy.add(micros);
        return copy;
    }

    public long firstSeenMillis() {
        return firstSeenMillis;
    }

    public long lastSeenMillis() {
        return lastSeenMillis;
    }

    public Map<String, Long> errorsBySqlState() {
        Map<String, Long> copy = new LinkedHashMap<>();
        errorsBySqlState.forEach((state, count) -> copy.put(state, count.sum()));
        return copy;
    }

    public List<String> slowCallers() {
        synchronized (callers) {
            return List.copyOf(callers);
        }
    }

    static double nanosToMillis(long nanos) {
        return nanos / (double) TimeUnit.MILLISECONDS.toNanos(1);
    }
}
