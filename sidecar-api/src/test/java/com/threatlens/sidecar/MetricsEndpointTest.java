package com.threatlens.sidecar;

import static com.threatlens.sidecar.Fakes.section;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class MetricsEndpointTest {

    private static final String METRICS = "/api/performance/metrics";

    private final Fakes.Faults faults = new Fakes.Faults();
    private SidecarServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    private SidecarCalls start(MetricsSection... sections) {
        server = SidecarServer.start(new SidecarOptions("127.0.0.1", 0, null, faults),
            Fakes.engine(List.of(), List.of(sections)));
        return SidecarCalls.of(server);
    }

    record Percentiles(double p50Millis, double p99Millis) {
    }

    @Test
    void each_section_appears_under_its_own_name_next_to_a_timestamp() {
        Map<String, Object> jvm = new LinkedHashMap<>();
        jvm.put("heap_used_bytes", 1_048_576L);
        jvm.put("threads", 42);
        SidecarCalls calls = start(
            section("jvm", () -> jvm),
            section("jdbc", () -> Map.of("statements", 7, "slowest_sql", "SELECT ?")));
        Instant before = Instant.now();

        SidecarCalls.Reply reply = calls.get(METRICS);

        assertEquals(200, reply.status(), reply::toString);
        assertTrue(reply.contentType().startsWith("application/json"), reply::toString);
        JsonNode body = reply.json();
        assertEquals(1_048_576L, body.path("jvm").path("heap_used_bytes").asLong());
        assertEquals(42, body.path("jvm").path("threads").asInt());
        assertEquals(7, body.path("jdbc").path("statements").asInt());
        assertEquals("SELECT ?", body.path("jdbc").path("slowest_sql").asText());
        Instant stamp = Instant.parse(body.path("timestamp").asText());
        assertFalse(stamp.isBefore(before.minusSeconds(1)), stamp::toString);
        assertEquals(3, body.size(), reply::toString);
    }

    @Test
    void with_no_sections_the_answer_holds_only_the_timestamp() {
        SidecarCalls calls = start();

        SidecarCalls.Reply reply = calls.get(METRICS);

        assertEquals(200, reply.status(), reply::toString);
        assertEquals(1, reply.json().size(), reply::toString);
        assertTrue(reply.json().path("timestamp").isTextual(), reply::toString);
    }

    @Test
    void every_request_takes_a_fresh_snapshot() {
        AtomicInteger counter = new AtomicInteger();
        SidecarCalls calls = start(section("requests", () -> Map.of("count", counter.incrementAndGet())));

        assertEquals(1, calls.get(METRICS).json().path("requests").path("count").asInt());
        assertEquals(2, calls.get(METRICS).json().path("requests").path("count").asInt());
    }

    @Test
    void record_values_inside_a_section_are_serialized_with_snake_case_names() {
        SidecarCalls calls = start(section("latency", () -> Map.of("select", new Percentiles(1.5, 20.0))));

        JsonNode select = calls.get(METRICS).json().path("latency").path("select");

        assertEquals(1.5, select.path("p50_millis").asDouble(), select::toString);
        assertEquals(20.0, select.path("p99_millis").asDouble(), select::toString);
        assertTrue(select.path("p50Millis").isMissingNode(), select::toString);
    }

    @Test
    void a_section_that_throws_answers_500_internal_error_and_reaches_the_fault_log() {
        IllegalStateException failure = new IllegalStateException("histogram corrupted");
        SidecarCalls calls = start(
            section("jvm", () -> Map.of("threads", 1)),
            section("jdbc", () -> {
                throw failure;
            }));

        SidecarCalls.Reply reply = calls.get(METRICS);

        assertEquals(500, reply.status(), reply::toString);
        assertTrue(reply.contentType().startsWith("application/json"), reply::toString);
        JsonNode body = reply.json();
        assertEquals("internal_error", body.path("error").asText());
        assertTrue(body.path("detail").isTextual() && !body.path("detail").asText().isBlank(), reply::toString);
        assertEquals(2, body.size(), reply::toString);
        assertEquals(1, faults.received.size(), faults.received::toString);
        Fakes.Faults.Fault fault = faults.received.get(0);
        assertSame(failure, fault.cause());
        assertTrue(fault.message().contains(METRICS), fault::toString);
    }

    @Test
    void a_section_failing_with_an_error_answers_the_error_shape_and_reaches_the_fault_log() {
        NoClassDefFoundError failure = new NoClassDefFoundError("org/HdrHistogram/Histogram");
        SidecarCalls calls = start(section("jdbc", () -> {
            throw failure;
        }));

        SidecarCalls.Reply reply = calls.get(METRICS);

        assertEquals(500, reply.status(), reply::toString);
        assertTrue(reply.contentType().startsWith("application/json"), reply::toString);
        assertEquals("internal_error", reply.json().path("error").asText(), reply::toString);
        assertEquals(1, faults.received.size(), faults.received::toString);
        assertSame(failure, faults.received.get(0).cause());
    }

    @Test
    void a_caller_mistake_is_not_sent_to_the_fault_log() {
        SidecarCalls calls = start(section("jvm", () -> Map.of("threads", 1)));

        SidecarCalls.Reply reply = calls.get(METRICS + "?section=jvm");

        assertEquals(400, reply.status(), reply::toString);
        assertEquals("bad_parameter", reply.json().path("error").asText());
        assertTrue(reply.json().path("detail").asText().contains("section"), reply::toString);
        assertTrue(faults.received.isEmpty(), faults.received::toString);
    }

    @Test
    void the_server_keeps_answering_after_a_section_failed() {
        AtomicInteger calls = new AtomicInteger();
        SidecarCalls http = start(section("flaky", () -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("first time only");
            }
            return Map.of("ok", true);
        }));

        assertEquals(500, http.get(METRICS).status());
        SidecarCalls.Reply second = http.get(METRICS);
        assertEquals(200, second.status(), second::toString);
        assertTrue(second.json().path("flaky").path("ok").asBoolean());
    }
}
