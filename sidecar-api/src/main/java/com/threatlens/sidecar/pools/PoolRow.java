package com.threatlens.sidecar.pools;

import java.util.Map;

/**
 * One connection pool the agent runs for the application.
 *
 * @param database        the database as query statistics name it (URL without parameters)
 * @param borrowed        connections handed out since the pool started
 * @param autoCommitRestored returns with auto-commit off: rolled back, auto-commit switched on
 * @param rolledBack      returns with a transaction opened by a SQL {@code BEGIN}: rolled back
 * @param retired         connections closed instead of reused, by what their borrower left behind
 * @param statementsReused   {@code prepareStatement} calls served from a connection's statement cache
 * @param statementsPrepared {@code prepareStatement} calls that compiled the statement
 * @param pragmas         the PRAGMAs as a live connection reports them
 */
public record PoolRow(String name, String database, boolean readOnly, int maxSize, int total, int active, int idle,
                      int waiting, long borrowed, double acquireP50Ms, double acquireP95Ms, double acquireP99Ms,
                      double acquireMaxMs, double usageMeanMs, double usageP95Ms, long timeouts, long autoCommitRestored,
                      long rolledBack,
                      Map<String, Long> retired, long statementsReused, long statementsPrepared,
                      Map<String, String> pragmas) {
}
