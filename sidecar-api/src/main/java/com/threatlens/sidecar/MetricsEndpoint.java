package com.threatlens.sidecar;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.javalin.http.Context;

/** {@code GET /api/performance/metrics}: one JSON object, a key per section. */
final class MetricsEndpoint {

    private final List<MetricsSection> sections;

    MetricsEndpoint(List<MetricsSection> sections) {
        this.sections = sections;
    }

    void handle(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("timestamp", Instant.now().toString());
        for (MetricsSection section : sections) {
            body.put(section.name(), section.snapshot());
        }
        ctx.json(body);
    }
}
