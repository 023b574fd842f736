package com.threatlens.agent.jdbc;

/**
 * One slow execution, as kept in the ring and logged.
 *
 * @param sql the statement as the application sent it; null unless literal capture is on
 */
public record SlowQuerySample(long timestampMillis, String id, String query, String database, double durationMs,
                              double executeMs, double fetchMs, long rows, String caller, String sql) {
}
