package com.threatlens.sidecar;

import java.util.List;
import java.util.function.Supplier;

import com.threatlens.sidecar.advisor.IndexAdvisor;
import com.threatlens.sidecar.analytics.SecurityAnalytics;
import com.threatlens.sidecar.api.ApiStatistics;
import com.threatlens.sidecar.cache.CacheControl;
import com.threatlens.sidecar.pools.ConnectionPools;
import com.threatlens.sidecar.queries.QueryStatistics;
import com.threatlens.sidecar.search.SecuritySearch;
import com.threatlens.sidecar.tasks.BackgroundTasks;

/**
 * Everything the sidecar reads from the engine, as small interfaces of the sidecar's own. The
 * agent implements them; tests give fakes, so the HTTP layer runs without an agent attached.
 * A part that is {@code null} is a feature that is off: its endpoints answer 404 saying so.
 *
 * @param apiStatistics the per-route statistics of the host's own HTTP API
 * @param prometheus the Micrometer registry in Prometheus text format
 * @param cacheControl the result cache of the host's service methods
 * @param backgroundTasks the agent's background task processor
 * @param indexAdvisor the index advisor
 * @param securitySearch the optimized search over the application's ThreatLens database
 * @param securityAnalytics the optimized analytics over that database and the statement statistics
 */
public record SidecarEngine(List<HealthCheck> healthChecks, List<MetricsSection> metricsSections,
                            QueryStatistics queryStatistics, ConnectionPools connectionPools,
                            ApiStatistics apiStatistics, Supplier<String> prometheus,
                            CacheControl cacheControl, BackgroundTasks backgroundTasks, IndexAdvisor indexAdvisor,
                            SecuritySearch securitySearch, SecurityAnalytics securityAnalytics) {

    public SidecarEngine {
        healthChecks = List.copyOf(healthChecks);
        metricsSections = List.copyOf(metricsSections);
    }

    public SidecarEngine(List<HealthCheck> healthChecks, List<MetricsSection> metricsSections) {
        this(healthChecks, metricsSections, null, null, null, null, null, null, null, null, null);
    }

    public SidecarEngine(List<HealthCheck> healthChecks, List<MetricsSection> metricsSections,
                         QueryStatistics queryStatistics, ConnectionPools connectionPools,
                         ApiStatistics apiStatistics, Supplier<String> prometheus, CacheControl cacheControl) {
        this(healthChecks, metricsSections, queryStatistics, connectionPools, apiStatistics, prometheus, cacheControl,
            null, null, null, null);
    }

    public SidecarEngine(List<HealthCheck> healthChecks, List<MetricsSection> metricsSections,
                         QueryStatistics queryStatistics, ConnectionPools connectionPools,
                         ApiStatistics apiStatistics, Supplier<String> prometheus, CacheControl cacheControl,
                         BackgroundTasks backgroundTasks) {
        this(healthChecks, metricsSections, queryStatistics, connectionPools, apiStatistics, prometheus, cacheControl,
            backgroundTasks, null, null, null);
    }

    public SidecarEngine(List<HealthCheck> healthChecks, List<MetricsSection> metricsSections,
                         QueryStatistics queryStatistics, ConnectionPools connectionPools,
                         ApiStatistics apiStatistics, Supplier<String> prometheus, CacheControl cacheControl,
                         BackgroundTasks backgroundTasks, IndexAdvisor indexAdvisor) {
        this(healthChecks, metricsSections, queryStatistics, connectionPools, apiStatistics, prometheus, cacheControl,
            backgroundTasks, indexAdvisor, null, null);
    }
}
