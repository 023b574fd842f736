package com.threatlens.sidecar.queries;

import java.util.List;
import java.util.Map;

/** One normalized statement's statistics, like a row of pg_stat_statements. Times in milliseconds. */
public record StatementRow(String id, String database, String query, String operation, List<String> tables,
                           long calls, long errors, long rows, long slowCount,
                           double totalMs, double meanMs, double minMs, double maxMs,
                           double p50Ms, double p95Ms, double p99Ms, double executeMs, double fetchMs,
                           String firstSeen, String lastSeen, Map<String, Long> errorsBySqlstate) {
}
