package com.threatlens.sidecar;

import java.util.Map;

/**
 * What one component says about itself.
 *
 * @param reason why it is not healthy; {@code null} when it is
 * @param details figures behind the verdict, shown as they are
 */
public record ComponentHealth(HealthStatus status, String reason, Map<String, Object> details) {

    public static ComponentHealth healthy(Map<String, Object> details) {
        return new ComponentHealth(HealthStatus.HEALTHY, null, details);
    }

    public static ComponentHealth degraded(String reason, Map<String, Object> details) {
        return new ComponentHealth(HealthStatus.DEGRADED, reason, details);
    }
}
