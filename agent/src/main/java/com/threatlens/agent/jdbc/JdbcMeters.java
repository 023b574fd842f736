package com.threatlens.agent.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Micrometer meters over the statement statistics, tagged by operation and main table only.
 * They read the counters the statistics keep anyway (function meters), so a query pays nothing
 * extra for them. The registry is attached after start-up (building it loads a few hundred
 * classes, which the host's start-up should not wait for); totals that appear before are
 * registered then.
 */
final class JdbcMeters implements StatementTable.OperationTotalsListener {

    private MeterRegistry registry;
    private final List<OperationTotals> pending = new ArrayList<>();

    synchronized void bind(MeterRegistry target, StatementTable table, SlowQueryLog slowLog) {
        Gauge.builder("threatlens.jdbc.statements.tracked", table, StatementTable::size)
            .description("Distinct statements whose statistics are kept").register(target);
        FunctionCounter.builder("threatlens.jdbc.statements.evicted", table, StatementTable::evictions)
            .description("Statements evicted to keep the table bounded").register(target);
        FunctionCounter.builder("threatlens.jdbc.slow.queries", slowLog, SlowQueryLog::total)
            .description("Executions slower than slow-query.threshold").register(target);
        registry = target;
        pending.forEach(this::register);
        pending.clear();
    }

    @Override
    public synchronized void added(OperationTotals totals) {
        if (registry == null) {
            pending.add(totals);
        } else {
            register(totals);
        }
    }

    private void register(OperationTotals totals) {
        Tags tags = Tags.of("operation", totals.operation(), "table", totals.table());
        FunctionTimer.builder("threatlens.jdbc.statement.time", totals, OperationTotals::completed,
                OperationTotals::totalNanos, TimeUnit.NANOSECONDS)
            .description("Execute plus fetch time of JDBC statements").tags(tags).register(registry);
        FunctionCounter.builder("threatlens.jdbc.statement.calls", totals, OperationTotals::calls)
            .description("JDBC statement executions").tags(tags).register(registry);
        FunctionCounter.builder("threatlens.jdbc.statement.errors", totals, OperationTotals::errors)
            .description("JDBC statement executions that threw").tags(tags).register(registry);
        FunctionCounter.builder("threatlens.jdbc.statement.rows", totals, OperationTotals::rows)
            .description("Rows fetched or changed").tags(tags).register(registry);
    }
}
