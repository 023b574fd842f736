package com.threatlens.sidecar.api;

import java.util.List;
import java.util.Map;

/** Per-route statistics of the host's own HTTP API, as the sidecar reads them. */
public interface ApiStatistics {

    /** Totals over every route (requests, errors, throughput, response times, routes tracked). */
    Map<String, Object> summary();

    /** Every route kept, in no particular order, the overflow route included when there is one. */
    List<RouteRow> routes();
}
