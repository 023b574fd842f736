package com.threatlens.sidecar;

import static com.threatlens.sidecar.Fakes.check;
import static com.threatlens.sidecar.Fakes.section;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;

class SidecarErrorShapeTest {

    private static final Fakes.Faults FAULTS = new Fakes.Faults();
    private static SidecarServer server;
    private static SidecarCalls calls;

    @BeforeAll
    static void startServer() {
        server = SidecarServer.start(new SidecarOptions("127.0.0.1", 0, "", FAULTS), Fakes.engine(
            List.of(check("jdbc", () -> ComponentHealth.healthy(Map.of()))),
            List.of(section("jvm", () -> Map.of("threads", 3)))));
        calls = SidecarCalls.of(server);
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    private static void assertErrorShape(SidecarCalls.Reply reply, int status, String error) {
        assertEquals(status, reply.status(), reply::toString);
        assertNotNull(reply.contentType(), reply::toString);
        assertTrue(reply.contentType().startsWith("application/json"), reply::toString);
        JsonNode body = reply.json();
        assertEquals(error, body.path("error").asText(), reply::toString);
        assertTrue(body.path("detail").isTextual() && !body.path("detail").asText().isBlank(), reply::toString);
        assertEquals(2, body.size(), "only error and detail: " + reply);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/performance/health", "/api/performance/metrics"})
    void an_unknown_parameter_answers_400_bad_parameter_naming_it(String endpoint) {
        SidecarCalls.Reply reply = calls.get(endpoint + "?limt=10");

        assertErrorShape(reply, 400, "bad_parameter");
        assertTrue(reply.json().path("detail").asText().contains("limt"), reply::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/performance/health", "/api/performance/metrics"})
    void a_post_answers_405_with_an_allow_header_naming_get(String endpoint) {
        SidecarCalls.Reply reply = calls.send("POST", endpoint);

        assertErrorShape(reply, 405, "method_not_allowed");
        assertNotNull(reply.header("Allow"), reply::toString);
        assertTrue(reply.header("Allow").contains("GET"), reply::toString);
        assertTrue(reply.json().path("detail").asText().contains("POST"), reply::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"PUT", "DELETE", "PATCH"})
    void other_mutating_methods_on_health_answer_405_too(String method) {
        SidecarCalls.Reply reply = calls.send(method, "/api/performance/health");

        assertErrorShape(reply, 405, "method_not_allowed");
        assertTrue(reply.header("Allow").contains("GET"), reply::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/performance/nothing", "/api/performance", "/", "/api/performance/health/extra"})
    void an_unknown_route_answers_404_with_the_error_shape(String path) {
        SidecarCalls.Reply reply = calls.get(path);

        assertErrorShape(reply, 404, "not_found");
        assertTrue(reply.json().path("detail").asText().contains(path), reply::toString);
        assertEquals(null, reply.header("Allow"), reply::toString);
    }

    @Test
    void an_unknown_route_answers_json_even_to_a_client_asking_for_html() {
        SidecarCalls.Reply reply = calls.send("GET", "/api/performance/nothing", Map.of("Accept", "text/html"));

        assertErrorShape(reply, 404, "not_found");
    }

    @Test
    void a_post_to_an_unknown_route_answers_404_not_405() {
        SidecarCalls.Reply reply = calls.send("POST", "/api/performance/nothing");

        assertErrorShape(reply, 404, "not_found");
    }

    @Test
    void a_trailing_slash_reaches_the_same_endpoint() {
        SidecarCalls.Reply reply = calls.get("/api/performance/health/");

        assertEquals(200, reply.status(), reply::toString);
        assertEquals("healthy", reply.json().path("status").asText(), reply::toString);
        assertEquals("healthy", reply.json().path("components").path("jdbc").path("status").asText());
    }

    @Test
    void a_post_with_a_trailing_slash_answers_405_for_the_endpoint_without_it() {
        SidecarCalls.Reply reply = calls.send("POST", "/api/performance/metrics/");

        assertErrorShape(reply, 405, "method_not_allowed");
        assertTrue(reply.header("Allow").contains("GET"), reply::toString);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/performance/metrics/prometheus", "/api/performance/database/stats",
        "/api/performance/queries", "/api/performance/query-analysis"})
    void an_endpoint_whose_feature_is_off_answers_404_feature_off(String endpoint) {
        SidecarCalls.Reply reply = calls.get(endpoint);

        assertErrorShape(reply, 404, "feature_off");
    }

    @Test
    void a_post_only_endpoint_answers_405_to_get_with_an_allow_header_naming_post() {
        SidecarCalls.Reply reply = calls.get("/api/performance/database/stats/reset");

        assertErrorShape(reply, 405, "method_not_allowed");
        assertEquals("POST", reply.header("Allow"), reply::toString);
    }

    @Test
    void error_answers_never_reach_the_fault_log() {
        calls.get("/api/performance/nothing");
        calls.send("POST", "/api/performance/health");
        calls.get("/api/performance/metrics?x=1");

        assertTrue(FAULTS.received.isEmpty(), FAULTS.received::toString);
    }
}
