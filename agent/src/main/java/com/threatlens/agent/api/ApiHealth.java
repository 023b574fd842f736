package com.threatlens.agent.api;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

import com.threatlens.sidecar.ComponentHealth;
import com.threatlens.sidecar.HealthCheck;

/**
 * The {@code api} component of {@code /health}: degraded when, over recent requests, the share
 * of 5xx answers reaches {@code api.health.server-error-percent} (last 5 minutes) or the p95
 * response time reaches {@code api.health.p95} (last one to two minutes). Recent, not
 * cumulative, so that the verdict recovers when the service does. Fewer than
 * {@value #MIN_REQUESTS} requests say too little to degrade anything.
 */
final class ApiHealth implements HealthCheck {

    static final int MIN_REQUESTS = 20;

    private final ApiTotals totals;
    private final int serverErrorPercentLimit;
    private final double p95LimitMillis;
    private final LongSupplier clockMillis;

    ApiHealth(ApiTotals totals, int serverErrorPercentLimit, double p95LimitMillis, LongSupplier clockMillis) {
        this.totals = totals;
        this.serverErrorPercentLimit = serverErrorPercentLimit;
        this.p95LimitMillis = p95LimitMillis;
        this.clockMillis = clockMillis;
    }

    @Override
    public String component() {
        return "api";
    }

    @Override
    public ComponentHealth check() {
        long now = clockMillis.getAsLong();
        long requests = totals.rate.events(now, 5);
        long serverErrors = totals.serverErrorRate.events(now, 5);
        double serverErrorPercent = requests == 0 ? 0 : 100.0 * serverErrors / requests;
        long recentRequests = totals.recent.count(now);
        double p95 = totals.recent.percentileMillis(95, now);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("requests_5m", requests);
        details.put("server_errors_5m", serverErrors);
        details.put("server_error_percent_limit", serverErrorPercentLimit);
        details.put("recent_p95_ms", p95);
        details.put("p95_limit_ms", p95LimitMillis);
        if (requests >= MIN_REQUESTS && serverErrorPercent >= serverErrorPercentLimit) {
            return ComponentHealth.degraded(String.format(Locale.ROOT,
                "%.1f%% of the last 5 minutes' requests answered 5xx (limit %d%%)", serverErrorPercent, serverErrorPercentLimit),
                details);
        }
        if (recentRequests >= MIN_REQUESTS && p95 >= p95LimitMillis) {
            return ComponentHealth.degraded(String.format(Locale.ROOT,
                "p95 response time of the last minutes is %.1f ms (limit %.1f ms)", p95, p95LimitMillis), details);
        }
        return ComponentHealth.healthy(details);
    }
}
