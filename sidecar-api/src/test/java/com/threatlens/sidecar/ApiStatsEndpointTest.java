package com.threatlens.sidecar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.threatlens.sidecar.api.ApiStatistics;
import com.threatlens.sidecar.api.RouteRow;

/** {@code GET /api/performance/api/stats} over real HTTP, with a fake route table behind it. */
class ApiStatsEndpointTest {

    private static final String STATS = "/api/performance/api/stats";

    private SidecarServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop();
        }
    }

    private SidecarCalls start(ApiStatistics statistics) {
        server = SidecarServer.start(new SidecarOptions("127.0.0.1", 0, null, new Fakes.Faults()),
            new SidecarEngine(List.of(), List.of(), null, null, statistics, null, null, null));
        return SidecarCalls.of(server);
    }

    /** requests, total, mean, p95 and errors chosen so that each sort gives a different order. */
    private static RouteRow route(String route, long requests, double totalMs, double meanMs, double p95Ms, long errors) {
        return new RouteRow("GET", route, requests, 0, 0, requests - errors, 0, errors, 0, 0, errors, 0,
            0, 0, 0, totalMs, meanMs, p95Ms, meanMs, p95Ms, p95Ms, 2.0, 1.5, 10, "2026-01-01T00:00:00Z",
            "2026-01-01T00:00:01Z");
    }

    private static ApiStatistics table(RouteRow... rows) {
        return new ApiStatistics() {
            @Override
            public Map<String, Object> summary() {
                return Map.of("requests", 1234);
            }

            @Override
            public List<RouteRow> routes() {
                return List.of(rows);
            }
        };
    }

    private static final ApiStatistics FOUR_ROUTES = table(
        route("/a", 100, 50, 0.5, 9, 0),
        route("/b", 10, 80, 8, 12, 1),
        route("/c", 1, 30, 30, 30, 0),
        route("/d", 50, 10, 0.2, 1, 7));

    private static List<String> order(JsonNode body) {
        List<String> routes = new ArrayList<>();
        body.get("routes").forEach(row -> routes.add(row.get("route").asText()));
        return routes;
    }

    @Test
    void each_sort_orders_the_routes_by_its_figure_largest_first() {
        SidecarCalls calls = start(FOUR_ROUTES);

        assertEquals(List.of("/b", "/a", "/c", "/d"), order(calls.get(STATS).json()));
        assertEquals(List.of("/b", "/a", "/c", "/d"), order(calls.get(STATS + "?sort=total").json()));
        assertEquals(List.of("/c", "/b", "/a", "/d"), order(calls.get(STATS + "?sort=mean").json()));
        assertEquals(List.of("/c", "/b", "/a", "/d"), order(calls.get(STATS + "?sort=p95").json()));
        assertEquals(List.of("/d", "/b", "/a", "/c"), order(calls.get(STATS + "?sort=errors").json()));
        assertEquals(List.of("/a", "/d", "/b", "/c"), order(calls.get(STATS + "?sort=calls").json()));
    }

    @Test
    void limit_cuts_the_table_and_the_body_says_how_many_routes_there_are() {
        SidecarCalls calls = start(FOUR_ROUTES);

        JsonNode body = calls.get(STATS + "?sort=calls&limit=2").json();

        assertEquals(List.of("/a", "/d"), order(body));
        assertEquals(4, body.get("total_routes").asInt());
        assertEquals("calls", body.get("sort").asText());
        assertEquals(1234, body.get("summary").get("requests").asInt());
    }

    @Test
    void route_fields_are_snake_case() {
        SidecarCalls calls = start(FOUR_ROUTES);

        JsonNode first = calls.get(STATS + "?sort=calls&limit=1").json().get("routes").get(0);

        assertEquals("GET", first.get("method").asText());
        assertEquals(100, first.get("requests").asLong());
        assertEquals(9.0, first.get("p95_ms").asDouble());
        assertEquals(2.0, first.get("statements_per_request").asDouble());
        assertEquals(1.5, first.get("database_ms_per_request").asDouble());
        assertTrue(first.has("throughput_1m") && first.has("throughput_15m") && first.has("in_flight") && first.has("client_errors"), first::toString);
    }

    @Test
    void bad_parameters_answer_400_naming_the_parameter() {
        SidecarCalls calls = start(FOUR_ROUTES);

        for (String query : List.of("?sort=slowest", "?limit=0", "?limit=-3", "?limit=abc", "?limit=10001", "?top=5")) {
            SidecarCalls.Reply reply = calls.get(STATS + query);
            assertEquals(400, reply.status(), () -> query + " -> " + reply);
            String parameter = query.substring(1, query.indexOf('='));
            assertEquals("bad_parameter", reply.json().get("error").asText(), reply::toString);
            assertTrue(reply.json().get("detail").asText().contains(parameter), reply::toString);
        }
    }

    @Test
    void with_the_feature_off_the_endpoint_answers_404_saying_so() {
        SidecarCalls calls = start(null);

        SidecarCalls.Reply reply = calls.get(STATS);

        assertEquals(404, reply.status(), reply::toString);
        assertEquals("feature_off", reply.json().get("error").asText());
        assertTrue(reply.json().get("detail").asText().contains("api"), reply::toString);
    }
}
