package com.threatlens.sidecar.queries;

import java.util.Comparator;

/** The orders of {@code GET /api/performance/queries?sort=}. */
public enum StatementSort {
    TOTAL(Comparator.comparingDouble(StatementRow::totalMs)),
    MEAN(Comparator.comparingDouble(StatementRow::meanMs)),
    CALLS(Comparator.comparingLong(StatementRow::calls)),
    P95(Comparator.comparingDouble(StatementRow::p95Ms)),
    ROWS(Comparator.comparingLong(StatementRow::rows));

    private final Comparator<StatementRow> descending;

    StatementSort(Comparator<StatementRow> ascending) {
        this.descending = ascending.reversed();
    }

    public Comparator<StatementRow> descending() {
        return descending;
    }
}
