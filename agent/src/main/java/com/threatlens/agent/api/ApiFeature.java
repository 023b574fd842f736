package com.threatlens.agent.api;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import com.threatlens.agent.bootstrap.HttpBridge;
import com.threatlens.agent.config.AgentConfig;
import com.threatlens.agent.config.Settings;
import com.threatlens.agent.jdbc.JdbcFeature;
import com.threatlens.sidecar.HealthCheck;
import com.threatlens.sidecar.MetricsSection;
import com.threatlens.sidecar.api.ApiStatistics;
import com.threatlens.sidecar.api.RouteRow;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Host API metrics as a feature: builds the recorder from its configuration, connects it to the
 * HTTP bridge, and answers the sidecar's questions (the route table, the {@code api} section of
 * {@code /metrics}, and through {@link ApiHealth} the {@code api} health component).
 */
public final class ApiFeature implements ApiStatistics, MetricsSection {

    private static final int SLOWEST_ROUTES = 5;

    private final RouteTable table;
    private final ApiTotals totals;
    private final ApiMeters meters = new ApiMeters();
    private final ApiRecorder recorder;
    private final ApiHealth health;
    private final LongSupplier clockMillis;
    private final boolean databaseAttributed;

    /** @param jdbc query statistics, whose statements are attributed to routes; null when off */
    public ApiFeature(AgentConfig config, JdbcFeature jdbc, LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
        this.table = new RouteTable(config.get(Settings.API_MAX_ROUTES), clockMillis);
        this.totals = new ApiTotals(clockMillis.getAsLong());
        this.recorder = new ApiRecorder(table, totals, meters, jdbc == null ? null : jdbc::attributeTo, clockMillis);
        this.health = new ApiHealth(totals, config.get(Settings.API_HEALTH_SERVER_ERROR_PERCENT),
            config.get(Settings.API_HEALTH_P95).toNanos() / 1_000_000.0, clockMillis);
        this.databaseAttributed = jdbc != null;
    }

    /** Whether the configuration asks for API metrics (and no mistake switched them off). */
    public static boolean isOn(AgentConfig config) {
        return config.isFeatureOn(Settings.FEATURE_API) && config.get(Settings.API_ENABLED);
    }

    /** Starts receiving the advice's calls. */
    public void connect() {
        HttpBridge.install(recorder);
    }

    /** The {@code api} component of {@code /health}. */
    public HealthCheck health() {
        return health;
    }

    public void bindMeters(MeterRegistry registry) {
        meters.bind(registry, table);
    }

    @Override
    public String name() {
        return "api";
    }

    @Override
    public Map<String, Object> snapshot() {
        Map<String, Object> section = summary();
        section.put("slowest_routes", table.snapshot().stream()
            .sorted(Comparator.comparingDouble((RouteStats stats) -> stats.percentileMillis(95)).reversed())
            .limit(SLOWEST_ROUTES)
            .map(stats -> {
                Map<String, Object> route = new LinkedHashMap<>();
                route.put("method", stats.method);
                route.put("route", stats.route);
                route.put("requests", stats.requests());
                route.put("mean_ms", stats.meanMillis());
                route.put("p95_ms", stats.percentileMillis(95));
                return route;
            })
            .collect(Collectors.toList()));
        return section;
    }

    @Override
    public Map<String, Object> summary() {
        long now = clockMillis.getAsLong();
        // In flight first, as for a route's row.
        long inFlight = 0;
        for (RouteStats stats : table.snapshot()) {
            inFlight += stats.inFlight.sum();
        }
        long requests = totals.requests.sum();
        long serverErrors = totals.serverErrors.sum();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("requests", requests);
        summary.put("client_errors", totals.clientErrors.sum());
        summary.put("server_errors", serverErrors);
        summary.put("exceptions", totals.exceptions.sum());
        summary.put("error_rate", requests == 0 ? 0.0 : (double) serverErrors / requests);
        summary.put("in_flight", inFlight);
        summary.put("throughput_1m", totals.rate.perSecond(now, 1));
        summary.put("throughput_5m", totals.rate.perSecond(now, 5));
        summary.put("throughput_15m", totals.rate.perSecond(now, 15));
        summary.put("mean_ms", requests == 0 ? 0.0 : totals.totalNanos.sum() / 1_000_000.0 / requests);
        summary.put("recent_p95_ms", totals.recent.percentileMillis(95, now));
        summary.put("routes_tracked", table.size());
        summary.put("routes_max", table.maxRoutes());
        summary.put("overflowed_requests", table.overflowed());
        summary.put("database_attributed", databaseAttributed);
        return summary;
    }

    @Override
    public List<RouteRow> routes() {
        long now = clockMillis.getAsLong();
        List<RouteRow> rows = new ArrayList<>();
        for (RouteStats stats : table.snapshot()) {
            // A Jetty request's first route, replaced by its servlet's before it finished.
            if (stats.requests() > 0 || stats.inFlight.sum() > 0) {
                rows.add(row(stats, now));
            }
        }
        return rows;
    }

    private static RouteRow row(RouteStats stats, long now) {
        // In flight first: a request leaves it after it is counted, so a row that shows none in
        // flight shows every request that has finished.
        long inFlight = stats.inFlight.sum();
        long requests = stats.requests();
        double totalMs = stats.totalMillis();
        double databaseMs = stats.databaseNanos.sum() / 1_000_000.0;
        return new RouteRow(stats.method, stats.route, requests, inFlight, stats.informational.sum(),
            stats.successes.sum(), stats.redirects.sum(), stats.clientErrors(), stats.serverErrors(), stats.exceptions.sum(),
            stats.clientErrors() + stats.serverErrors(), requests == 0 ? 0 : (double) stats.serverErrors() / requests,
            stats.rate.perSecond(now, 1), stats.rate.perSecond(now, 5), stats.rate.perSecond(now, 15),
            totalMs, stats.meanMillis(), stats.maxMillis(), stats.percentileMillis(50), stats.percentileMillis(95),
            stats.percentileMillis(99), requests == 0 ? 0 : (double) stats.statements.sum() / requests,
            requests == 0 ? 0 : databaseMs / requests, totalMs <= 0 ? 0 : Math.min(100, 100 * databaseMs / totalMs),
            Instant.ofEpochMilli(stats.firstSeenMillis).toString(), Instant.ofEpochMilli(stats.lastSeenMillis).toString());
    }
}
