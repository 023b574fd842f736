package com.threatlens.agent.jdbc;

/**
 * One execution in flight: from the execute call until its result set is exhausted or closed.
 * Used by one thread at a time (the one iterating its result set); fields are plain.
 */
final class Execution {

    /** The statement, until its result set is handed out (kept only while awaited). */
    Object statement;
    final StatementStats stats;
    final String sql;
    final long startNanos;
    long executeNanos;
    long fetchNanos;
    long rows;
    boolean completed;
    /** Where the statement was executed, taken when the execute alone was already slow. */
    String caller;
    /** What the write listener handed out when the statement started, until it is told the end. */
    Object writeToken;

    Execution(Object statement, StatementStats stats, String sql, Object writeToken, long startNanos) {
        this.statement = statement;
        this.writeToken = writeToken;
        this.stats = stats;
        this.sql = sql;
        this.startNanos = startNanos;
    }
}
