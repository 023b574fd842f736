package com.threatlens.sidecar.queries;

import java.util.List;

/** One database (a JDBC URL without credentials or parameters) and its heaviest statements. */
public record DatabaseRow(String url, long calls, long errors, long rows, long slowCount, double totalMs,
                          int statements, List<StatementRow> topStatements) {
}
