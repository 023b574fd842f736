package com.threatlens.sidecar.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.threatlens.sidecar.SidecarCalls;
import com.threatlens.sidecar.SidecarEngine;
import com.threatlens.sidecar.SidecarUnderTest;

/** {@code /analytics/{type}} over real HTTP, with an engine that records what it was asked. */
class AnalyticsEndpointsTest {

    private static final String ANALYTICS = "/api/performance/analytics/";

    private final SidecarUnderTest sidecar = new SidecarUnderTest();
    private final List<AnalyticsRequest> asked = new ArrayList<>();

    @AfterEach
    void stopServer() {
        sidecar.stop();
    }

    private SidecarCalls start(AnalyticsAnswer answer) {
        SecurityAnalytics analytics = request -> {
            asked.add(request);
            return answer;
        };
        return sidecar.start(new SidecarEngine(List.of(), List.of(), null, null, null, null, null, null, null, null, analytics),
            null);
    }

    @Test
    void ready_figures_are_a_200_with_the_request_echoed() {
        SidecarCalls.Reply reply = start(AnalyticsAnswer.ready(Map.of("total", 12), true, 0.4))
            .get(ANALYTICS + "owasp-distribution?repo_id=7&time_range_days=90&wait_ms=500");

        assertEquals(200, reply.status(), reply::toString);
        assertEquals(List.of(new AnalyticsRequest("owasp-distribution", "7", 90, Duration.ofMillis(500))), asked);
        JsonNode body = reply.json();
        assertEquals("owasp-distribution", body.get("type").asText());
        assertEquals("7", body.get("repo_id").asText());
        assertEquals(90, body.get("time_range_days").asInt());
        assertTrue(body.get("cached").asBoolean());
        assertEquals(12, body.at("/data/total").asInt());
    }

    @Test
    void defaults_are_thirty_days_all_repositories_and_a_two_second_wait() {
        start(AnalyticsAnswer.ready(Map.of(), false, 1)).get(ANALYTICS + "tag-frequency");

        assertEquals(List.of(new AnalyticsRequest("tag-frequency", null, 30, Duration.ofSeconds(2))), asked);
    }

    @Test
    void figures_not_ready_within_the_wait_are_a_202_with_the_task_to_poll() {
        SidecarCalls.Reply reply = start(AnalyticsAnswer.pending("task-9", "running")).get(ANALYTICS + "repo-activity");

        assertEquals(202, reply.status(), reply::toString);
        JsonNode body = reply.json();
        assertEquals("task-9", body.get("task_id").asText());
        assertEquals("running", body.get("state").asText());
        assertEquals("/api/performance/background-tasks/task-9", body.get("poll").asText());
    }

    @Test
    void an_unknown_type_is_a_404_listing_the_known_ones() {
        SidecarCalls.Reply reply = start(AnalyticsAnswer.ready(Map.of(), false, 1)).get(ANALYTICS + "revenue");

        SidecarCalls.assertError(reply, 404, "unknown_analytics_type", "revenue", "owasp-distribution",
            "query-performance");
        assertTrue(asked.isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"time_range_days=0", "time_range_days=366", "time_range_days=x", "wait_ms=-1",
        "wait_ms=30001", "repo_id=1%0A2", "days=3"})
    void a_bad_parameter_is_a_400_that_names_it(String parameter) {
        SidecarCalls.Reply reply = start(AnalyticsAnswer.ready(Map.of(), false, 1))
            .get(ANALYTICS + "analysis-sessions?" + parameter);

        SidecarCalls.assertError(reply, 400, "bad_parameter", parameter.substring(0, parameter.indexOf('=')));
        assertTrue(asked.isEmpty());
    }
}
