package com.threatlens.agent.jdbc;

/**
 * One execution in flight: from the execute call until its result set is exhausted or closed.
 * Used by one thread at a time (the one iterating its result set); fields are plain.
 */
final class Execution {

    final StatementStats stats;
    final String sql;
    final long startNanos;
    long executeNanos;
    long fetchNanos;
    long rows;
    boolean completed;

    Execution(StatementStats stats, String sql, long startNanos) {
        this.stats = stats;
        this.sql = sql;
        this.startNanos = startNanos;
    }
}
