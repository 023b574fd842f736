package com.threatlens.agent.jdbc;

import java.util.concurrent.atomic.LongAdder;

/**
 * Totals per operation and main table: the low-cardinality figures that become Micrometer
 * meters. Statements hold a reference to theirs, so updating it costs no lookup.
 */
public final class OperationTotals {

    final String operation;
    final String table;
    final LongAdder calls = new LongAdder();
    final LongAdder completed = new LongAdder();
    final LongAdder errors = new LongAdder();
    final LongAdder rows = new LongAdder();
    final LongAdder totalNanos = new LongAdder();

    OperationTotals(String operation, String table) {
        this.operation = operation;
        this.table = table;
    }

    public String operation() {
        return operation;
    }

    public String table() {
        return table;
    }

    public double calls() {
        return calls.sum();
    }

    public double errors() {
        return errors.sum();
    }

    public double rows() {
        return rows.sum();
    }

    public long completed() {
        return completed.sum();
    }

    public double totalNanos() {
        return totalNanos.sum();
    }
}
