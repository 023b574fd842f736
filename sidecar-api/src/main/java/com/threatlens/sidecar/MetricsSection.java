package com.threatlens.sidecar;

import java.util.Map;

/** One named section of {@code GET /api/performance/metrics}, with snake_case keys. */
public interface MetricsSection {

    String name();

    Map<String, Object> snapshot();
}
