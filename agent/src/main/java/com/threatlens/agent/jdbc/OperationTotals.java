package com.threatlens.agent.jdbc;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;

/**
 * Totals per operation and main table: the low-cardinality figures that become Micrometer
 * meters. They are summed from the statements' own counters when read (a scrape), not counted a
 * second time on every query: each counter update is an atomic instruction on the query's path.
 * A statement that leaves the table (evicted, or the table cleared) hands its figures over, so
 * the totals never go down.
 */
public final class OperationTotals {

    final String operation;
    final String table;
    private final Set<StatementStats> members = ConcurrentHashMap.newKeySet();
    private long retiredCalls;
    private long retiredCompleted;
    private long retiredErrors;
    private long retiredRows;
    private long retiredNanos;

    OperationTotals(String operation, String table) {
        this.operation = operation;
        this.table = table;
    }

    /** {@code stats} counts towards these totals from now on. */
    void join(StatementStats stats) {
        members.add(stats);
    }

    /**
     * {@code stats} leaves the table: its figures so far stay in the totals. Executions still
     * running on it when it leaves are not counted.
     */
    synchronized void retire(StatementStats stats) {
        if (members.remove(stats)) {
            retiredCalls += stats.calls();
            retiredCompleted += stats.completedCount();
            retiredErrors += stats.errors();
            retiredRows += stats.rows();
            retiredNanos += stats.totalNanos();
        }
    }

    public String operation() {
        return operation;
    }

    public String table() {
        return table;
    }

    public synchronized double calls() {
        return retiredCalls + sum(StatementStats::calls);
    }

    public synchronized double errors() {
        return retiredErrors + sum(StatementStats::errors);
    }

    public synchronized double rows() {
        return retiredRows + sum(StatementStats::rows);
    }

    public synchronized long completed() {
        return retiredCompleted + sum(StatementStats::completedCount);
    }

    public synchronized double totalNanos() {
        return retiredNanos + sum(StatementStats::totalNanos);
    }

    private long sum(ToLongFunction<StatementStats> figure) {
        long sum = 0;
        for (StatementStats member : members) {
            sum += figure.applyAsLong(member);
        }
        return sum;
    }
}
