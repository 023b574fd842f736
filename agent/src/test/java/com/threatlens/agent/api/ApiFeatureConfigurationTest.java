package com.threatlens.agent.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.threatlens.agent.config.AgentConfig;
import com.threatlens.agent.config.Settings;
import com.threatlens.agent.jdbc.JdbcFeature;

class ApiFeatureConfigurationTest {

    @Test
    void api_metrics_are_on_by_default_with_500_routes() {
        AgentConfig config = AgentConfig.defaults();

        assertTrue(ApiFeature.isOn(config));
        assertEquals(500, config.get(Settings.API_MAX_ROUTES));
        assertEquals(5, config.get(Settings.API_HEALTH_SERVER_ERROR_PERCENT));
        assertEquals(Duration.ofSeconds(2), config.get(Settings.API_HEALTH_P95));
    }

    @Test
    void api_enabled_false_switches_them_off_and_nothing_else() {
        AgentConfig config = AgentConfig.load("api.enabled=false", Map.of(), Map.of());

        assertFalse(ApiFeature.isOn(config));
        assertTrue(JdbcFeature.isOn(config));
        assertEquals(java.util.List.of(), config.problems());
    }

    @Test
    void a_bad_api_value_switches_off_only_api_metrics_and_says_why() {
        for (String bad : new String[] {"api.max-routes=lots", "api.max-routes=0", "api.health.p95=fast",
            "api.health.server-error-percent=101"}) {
            AgentConfig config = AgentConfig.load(bad, Map.of(), Map.of());

            assertFalse(ApiFeature.isOn(config), bad);
            assertTrue(JdbcFeature.isOn(config), bad);
            assertTrue(config.isFeatureOn(Settings.FEATURE_HTTP), bad);
            String key = bad.substring(0, bad.indexOf('='));
            assertTrue(config.problems().stream().anyMatch(line -> line.contains(key) && line.contains("the api feature is off")),
                () -> bad + ": " + config.problems());
        }
    }
}
