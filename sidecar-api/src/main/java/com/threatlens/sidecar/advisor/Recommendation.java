package com.threatlens.sidecar.advisor;

import java.util.List;

/**
 * An index to create: its table and key columns, the statement that creates it, the statements it
 * serves with their plans before and after, the estimated benefit (rows no longer read, times
 * calls, less a penalty for write-heavy tables), where it comes from ({@code workload} or
 * {@code profile}), and its state ({@code recommended}, {@code applied}, {@code failed}).
 */
public record Recommendation(String database, String table, List<String> columns, String indexName,
                             String createSql, String source, double estimatedBenefit, String state,
                             String appliedAt, String error, List<ServedStatement> statements) {
}
