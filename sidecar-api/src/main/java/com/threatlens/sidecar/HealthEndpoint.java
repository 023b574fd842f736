package com.threatlens.sidecar;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.javalin.http.Context;

/**
 * {@code GET /api/performance/health}: every component's verdict and the worst of them. 200
 * while the agent serves (healthy or degraded), 503 when a component is unhealthy, so that a
 * load balancer or probe can read the status code alone.
 */
final class HealthEndpoint {

    private final List<HealthCheck> checks;

    HealthEndpoint(List<HealthCheck> checks) {
        this.checks = checks;
    }

    void handle(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        HealthStatus overall = HealthStatus.HEALTHY;
        Map<String, ComponentHealth> components = new LinkedHashMap<>();
        for (HealthCheck check : checks) {
            ComponentHealth health;
            try {
                health = check.check();
            } catch (RuntimeException | LinkageError failed) {
                health = new ComponentHealth(HealthStatus.DEGRADED, "health check failed: " + failed, Map.of());
            }
            components.put(check.component(), health);
            overall = overall.worse(health.status());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", overall);
        body.put("timestamp", Instant.now().toString());
        body.put("components", components);
        ctx.status(overall == HealthStatus.UNHEALTHY ? 503 : 200).json(body);
    }
}
