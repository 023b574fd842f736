package com.threatlens.sidecar.pools;

import java.util.Map;

/**
 * One connection pool the agent runs for the application.
 *
 * @param database        the database as query statistics name it (URL without parameters)
 * @param borrowed        connections handed out since the pool started
 * @param rolledBack      returns whose open transaction was rolled back
 * @param retired         connections closed instead of reused, by what their borrower left behind
 * @param pragmas         the PRAGMAs as a live connection reports them
 */
public record PoolRow(String name, String database, boolean readOnly, int maxSize, int total, int active, int idle,
                      int waiting, long borrowed, double acquireP50Ms, double acquireP95Ms, double acquireP99Ms,
                      double acquireMaxMs, double usageMeanMs, double usageP95Ms, long timeouts, long rolledBack,
                      Map<String, Long> retired, Map<String, String> pragmas) {
}
