package com.threatlens.agent.report;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.threatlens.agent.AgentVersion;
import com.threatlens.agent.config.AgentConfig;
import com.threatlens.sidecar.ComponentHealth;
import com.threatlens.sidecar.HealthCheck;
import com.threatlens.sidecar.MetricsSection;

/**
 * The agent's account of itself: version, uptime, and the configuration mistakes it found.
 * A feature switched off by a bad value makes the agent component degraded, with the reason.
 */
public final class AgentReport implements MetricsSection, HealthCheck {

    private final AgentConfig config;
    private final Instant startedAt;

    public AgentReport(AgentConfig config, Instant startedAt) {
        this.config = config;
        this.startedAt = startedAt;
    }

    @Override
    public String name() {
        return "agent";
    }

    @Override
    public String component() {
        return "agent";
    }

    @Override
    public Map<String, Object> snapshot() {
        Map<String, Object> agent = new LinkedHashMap<>();
        agent.put("version", AgentVersion.get());
        agent.put("started_at", startedAt.toString());
        agent.put("uptime_seconds", Duration.between(startedAt, Instant.now()).toSeconds());
        agent.put("disabled_features", config.disabledFeatures());
        agent.put("config_problems", config.problems());
        return agent;
    }

    @Override
    public ComponentHealth check() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("version", AgentVersion.get());
        if (config.disabledFeatures().isEmpty()) {
            return ComponentHealth.healthy(details);
        }
        details.put("disabled_features", config.disabledFeatures());
        return ComponentHealth.degraded("features switched off by configuration mistakes: "
            + String.join(", ", config.disabledFeatures().keySet()), details);
    }
}
