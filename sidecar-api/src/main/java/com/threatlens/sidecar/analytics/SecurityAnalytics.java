package com.threatlens.sidecar.analytics;

import java.util.List;

/**
 * The optimized analytics over the application's ThreatLens database and the agent's own
 * statement statistics; implemented by the agent. Requests reach it checked: the type is one of
 * {@link #TYPES}.
 */
public interface SecurityAnalytics {

    List<String> TYPES = List.of("owasp-distribution", "repo-activity", "tag-frequency", "analysis-sessions",
        "query-performance");

    /** The figures, from the cache or computed within the request's wait; else the task computing them. */
    AnalyticsAnswer compute(AnalyticsRequest request);
}
