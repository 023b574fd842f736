package com.threatlens.sidecar;

import static com.threatlens.sidecar.Fakes.check;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class HealthEndpointTest {

    private static final String HEALTH = "/api/performance/health";

    private final Fakes.Faults faults = new Fakes.Faults();
    private SidecarServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    private SidecarCalls start(HealthCheck... checks) {
        server = SidecarServer.start(new SidecarOptions("127.0.0.1", 0, "", faults),
            Fakes.engine(List.of(checks), List.of()));
        return SidecarCalls.of(server);
    }

    record PoolFigures(int activeConnections, long maxWaitMillis) {
    }

    @Test
    void all_healthy_components_answer_200_healthy_with_each_component_listed() {
        SidecarCalls calls = start(
            check("jdbc", () -> ComponentHealth.healthy(Map.of("statements", 12))),
            check("sidecar", () -> ComponentHealth.healthy(Map.of())));

        SidecarCalls.Reply reply = calls.get(HEALTH);

        assertEquals(200, reply.status(), reply::toString);
        assertTrue(reply.contentType().startsWith("application/json"), reply::toString);
        JsonNode body = reply.json();
        assertEquals("healthy", body.path("status").asText());
        assertEquals("healthy", body.path("components").path("jdbc").path("status").asText());
        assertEquals(12, body.path("components").path("jdbc").path("details").path("statements").asInt());
        assertEquals("healthy", body.path("components").path("sidecar").path("status").asText());
        assertTrue(body.path("components").path("jdbc").path("reason").isMissingNode()
            || body.path("components").path("jdbc").path("reason").isNull(), reply::toString);
        assertEquals(List.of("jdbc", "sidecar"), fieldNames(body.path("components")));
        assertTrue(faults.received.isEmpty());
    }

    @Test
    void the_timestamp_is_the_current_instant() {
        SidecarCalls calls = start(check("jdbc", () -> ComponentHealth.healthy(Map.of())));
        Instant before = Instant.now();

        Instant stamp = Instant.parse(calls.get(HEALTH).json().path("timestamp").asText());

        assertFalse(stamp.isBefore(before.minusSeconds(1)), stamp + " vs " + before);
        assertFalse(stamp.isAfter(Instant.now().plusSeconds(1)), stamp::toString);
    }

    @Test
    void no_components_at_all_is_healthy() {
        SidecarCalls calls = start();

        SidecarCalls.Reply reply = calls.get(HEALTH);

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("healthy", reply.json().path("status").asText());
        assertTrue(reply.json().path("components").isObject(), reply::toString);
        assertEquals(0, reply.json().path("components").size());
    }

    @Test
    void one_degraded_component_makes_the_whole_degraded_and_still_answers_200() {
        SidecarCalls calls = start(
            check("jdbc", () -> ComponentHealth.healthy(Map.of())),
            check("pool", () -> ComponentHealth.degraded("pool nearly exhausted", Map.of("free", 1))),
            check("sidecar", () -> ComponentHealth.healthy(Map.of())));

        SidecarCalls.Reply reply = calls.get(HEALTH);

        assertEquals(200, reply.status(), reply::toString);
        JsonNode body = reply.json();
        assertEquals("degraded", body.path("status").asText());
        JsonNode pool = body.path("components").path("pool");
        assertEquals("degraded", pool.path("status").asText());
        assertEquals("pool nearly exhausted", pool.path("reason").asText());
        assertEquals(1, pool.path("details").path("free").asInt());
        assertEquals("healthy", body.path("components").path("sidecar").path("status").asText());
    }

    @Test
    void one_unhealthy_component_answers_503_with_the_worst_status_overall() {
        SidecarCalls calls = start(
            check("pool", () -> ComponentHealth.degraded("slow", Map.of())),
            check("jdbc", () -> new ComponentHealth(HealthStatus.UNHEALTHY, "driver gone", Map.of("errors", 3))),
            check("sidecar", () -> ComponentHealth.healthy(Map.of())));

        SidecarCalls.Reply reply = calls.get(HEALTH);

        assertEquals(503, reply.status(), reply::toString);
        assertTrue(reply.contentType().startsWith("application/json"), reply::toString);
        JsonNode body = reply.json();
        assertEquals("unhealthy", body.path("status").asText());
        assertEquals("unhealthy", body.path("components").path("jdbc").path("status").asText());
        assertEquals("driver gone", body.path("components").path("jdbc").path("reason").asText());
        assertEquals(3, body.path("components").path("jdbc").path("details").path("errors").asInt());
        assertEquals("degraded", body.path("components").path("pool").path("status").asText());
    }

    @Test
    void an_unhealthy_component_listed_first_is_not_hidden_by_later_healthy_ones() {
        SidecarCalls calls = start(
            check("jdbc", () -> new ComponentHealth(HealthStatus.UNHEALTHY, "down", Map.of())),
            check("pool", () -> ComponentHealth.degraded("slow", Map.of())),
            check("sidecar", () -> ComponentHealth.healthy(Map.of())));

        SidecarCalls.Reply reply = calls.get(HEALTH);

        assertEquals(503, reply.status(), reply::toString);
        assertEquals("unhealthy", reply.json().path("status").asText());
    }

    @Test
    void a_check_that_throws_is_reported_degraded_with_a_reason_and_the_endpoint_still_answers_200() {
        SidecarCalls calls = start(
            check("jdbc", () -> ComponentHealth.healthy(Map.of())),
            check("pool", () -> {
                throw new IllegalStateException("pool statistics unavailable");
            }));

        SidecarCalls.Reply reply = calls.get(HEALTH);

        assertEquals(200, reply.status(), reply::toString);
        JsonNode body = reply.json();
        assertEquals("degraded", body.path("status").asText());
        JsonNode pool = body.path("components").path("pool");
        assertEquals("degraded", pool.path("status").asText());
        assertTrue(pool.path("reason").asText().contains("pool statistics unavailable"), reply::toString);
        assertEquals("healthy", body.path("components").path("jdbc").path("status").asText());
    }

    @Test
    void a_check_that_throws_does_not_hide_another_component_that_is_unhealthy() {
        SidecarCalls calls = start(
            check("pool", () -> {
                throw new IllegalStateException("boom");
            }),
            check("jdbc", () -> new ComponentHealth(HealthStatus.UNHEALTHY, "down", Map.of())));

        SidecarCalls.Reply reply = calls.get(HEALTH);

        assertEquals(503, reply.status(), reply::toString);
        assertEquals("degraded", reply.json().path("components").path("pool").path("status").asText());
    }

    @Test
    void a_head_request_answers_the_same_status_as_get_when_a_component_is_unhealthy() {
        SidecarCalls calls = start(check("jdbc", () -> new ComponentHealth(HealthStatus.UNHEALTHY, "down", Map.of())));

        SidecarCalls.Reply head = calls.send("HEAD", HEALTH);

        assertEquals(calls.get(HEALTH).status(), head.status(), head::toString);
        assertEquals(503, head.status(), head::toString);
    }

    @Test
    void a_check_failing_with_a_linkage_error_is_reported_degraded_like_any_other_failure() {
        SidecarCalls calls = start(
            check("jdbc", () -> ComponentHealth.healthy(Map.of())),
            check("pool", () -> {
                throw new NoClassDefFoundError("com/zaxxer/hikari/HikariPoolMXBean");
            }));

        SidecarCalls.Reply reply = calls.get(HEALTH);

        assertEquals(200, reply.status(), reply::toString);
        JsonNode pool = reply.json().path("components").path("pool");
        assertEquals("degraded", pool.path("status").asText(), reply::toString);
        assertTrue(pool.path("reason").asText().contains("HikariPoolMXBean"), reply::toString);
    }

    @Test
    void every_request_runs_the_checks_again() {
        int[] calls = {0};
        SidecarCalls http = start(check("jdbc", () -> {
            calls[0]++;
            return calls[0] == 1
                ? ComponentHealth.healthy(Map.of())
                : new ComponentHealth(HealthStatus.UNHEALTHY, "second look", Map.of());
        }));

        assertEquals(200, http.get(HEALTH).status());
        assertEquals(503, http.get(HEALTH).status());
        assertEquals(2, calls[0]);
    }

    @Test
    void record_details_are_serialized_with_snake_case_field_names() {
        SidecarCalls calls = start(check("pool",
            () -> ComponentHealth.healthy(Map.of("figures", new PoolFigures(4, 250L)))));

        SidecarCalls.Reply reply = calls.get(HEALTH);

        JsonNode figures = reply.json().path("components").path("pool").path("details").path("figures");
        assertEquals(4, figures.path("active_connections").asInt(), reply::toString);
        assertEquals(250, figures.path("max_wait_millis").asLong(), reply::toString);
        assertTrue(figures.path("activeConnections").isMissingNode(), reply::toString);
        assertFalse(reply.body().contains("maxWaitMillis"), reply::toString);
    }

    @Test
    void health_accepts_no_query_parameters() {
        SidecarCalls calls = start(check("jdbc", () -> ComponentHealth.healthy(Map.of())));

        SidecarCalls.Reply reply = calls.get(HEALTH + "?verbose=true");

        assertEquals(400, reply.status(), reply::toString);
        assertEquals("bad_parameter", reply.json().path("error").asText());
        assertTrue(reply.json().path("detail").asText().contains("verbose"), reply::toString);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
