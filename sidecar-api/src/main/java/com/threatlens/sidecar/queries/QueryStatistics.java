package com.threatlens.sidecar.queries;

import java.util.List;
import java.util.Map;

/** The statement statistics the sidecar serves; implemented by the agent's JDBC engine. */
public interface QueryStatistics {

    /** Every statement tracked, optionally of one database only ({@code null}: all). */
    List<StatementRow> statements(String database);

    /** Per database: totals and its {@code top} statements by total time. */
    List<DatabaseRow> databases(int top);

    /** Statements whose mean time is at least {@code thresholdMs}, slowest first. */
    List<SlowStatement> slowerThan(double thresholdMs);

    /** The figures for the database section of {@code /metrics}. */
    Map<String, Object> summary();

    void reset();
}
