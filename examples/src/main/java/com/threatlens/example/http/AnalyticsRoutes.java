package com.threatlens.example.http;

import com.threatlens.example.service.SecurityAnalyticsService;

/**
 * {@code GET /api/analytics/{type}} for the types owasp-distribution and repo-activity
 * (parameter {@code days}, default 30) and tag-frequency (parameter {@code limit}, default 20).
 */
public final class AnalyticsRoutes {

    private final SecurityAnalyticsService analytics;

    public AnalyticsRoutes(SecurityAnalyticsService analytics) {
        this.analytics = analytics;
    }

    public void register(Router router) {
        router.get("/api/analytics/{type}", this::analytics);
    }

    private ApiResponse analytics(ApiRequest request) {
        QueryParameters query = request.query();
        String type = request.pathParameter("type");
        return switch (type) {
            case "owasp-distribution" -> ApiResponse.ok(
                    analytics.owaspDistribution(query.integer("days", SecurityAnalyticsService.DEFAULT_DAYS)));
            case "repo-activity" -> ApiResponse.ok(
                    analytics.repoActivity(query.integer("days", SecurityAnalyticsService.DEFAULT_DAYS)));
            case "tag-frequency" -> ApiResponse.ok(
                    analytics.tagFrequency(query.integer("limit", SecurityAnalyticsService.DEFAULT_TAG_LIMIT)));
            default -> throw ApiException.notFound("unknown analytics type '" + type
                    + "'; expected owasp-distribution, repo-activity or tag-frequency");
        };
    }
}
