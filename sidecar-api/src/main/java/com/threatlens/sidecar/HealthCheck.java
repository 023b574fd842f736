package com.threatlens.sidecar;

/** One component of {@code GET /api/performance/health}. */
public interface HealthCheck {

    String component();

    ComponentHealth check();
}
