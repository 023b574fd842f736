package com.threatlens.sidecar.api;

import java.util.Comparator;

/** The orders of {@code GET /api/performance/api/stats?sort=}. */
public enum RouteSort {
    TOTAL(Comparator.comparingDouble(RouteRow::totalMs)),
    MEAN(Comparator.comparingDouble(RouteRow::meanMs)),
    P95(Comparator.comparingDouble(RouteRow::p95Ms)),
    ERRORS(Comparator.comparingLong(RouteRow::errors)),
    CALLS(Comparator.comparingLong(RouteRow::requests));

    private final Comparator<RouteRow> descending;

    RouteSort(Comparator<RouteRow> ascending) {
        this.descending = ascending.reversed();
    }

    public Comparator<RouteRow> descending() {
        return descending;
    }
}
