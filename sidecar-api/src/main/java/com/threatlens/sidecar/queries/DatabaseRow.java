package com.threatlens.sidecar.queries;

import java.util.List;

import com.threatlens.sidecar.pools.PoolRow;

/**
 * One database (a JDBC URL without credentials or parameters): its statements' totals, the
 * heaviest of them, and the connection pools the agent runs for it.
 */
public record DatabaseRow(String url, long calls, long errors, long rows, long slowCount, double totalMs,
                          int statements, List<StatementRow> topStatements, List<PoolRow> pools) {

    public DatabaseRow {
        topStatements = List.copyOf(topStatements);
        pools = List.copyOf(pools);
    }

    /** A database the agent pools connections for but has seen no statement on yet. */
    public static DatabaseRow poolsOnly(String url, List<PoolRow> pools) {
        return new DatabaseRow(url, 0, 0, 0, 0, 0, 0, List.of(), pools);
    }

    public DatabaseRow withPools(List<PoolRow> morePools) {
        return new DatabaseRow(url, calls, errors, rows, slowCount, totalMs, statements, topStatements, morePools);
    }
}
