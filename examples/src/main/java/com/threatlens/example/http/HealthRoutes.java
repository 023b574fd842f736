package com.threatlens.example.http;

import com.threatlens.example.data.DataAccessException;
import com.threatlens.example.service.HealthService;

/** {@code GET /api/health}: {@code {"status":"ok","wiki_count":N,"repo_count":M}}, or 503. */
public final class HealthRoutes {

    private final HealthService health;

    public HealthRoutes(HealthService health) {
        this.health = health;
    }

    public void register(Router router) {
        router.get("/api/health", this::health);
    }

    private ApiResponse health(ApiRequest request) {
        try {
            return ApiResponse.ok(health.health());
        } catch (DataAccessException e) {
            throw new ApiException(503, "unavailable", e.getMessage());
        }
    }
}
