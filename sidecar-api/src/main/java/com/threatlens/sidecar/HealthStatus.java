package com.threatlens.sidecar;

import com.fasterxml.jackson.annotation.JsonValue;

/** Health of one component, and of the agent as a whole (the worst of its components). */
public enum HealthStatus {
    HEALTHY, DEGRADED, UNHEALTHY;

    @JsonValue
    public String json() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public HealthStatus worse(HealthStatus other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
