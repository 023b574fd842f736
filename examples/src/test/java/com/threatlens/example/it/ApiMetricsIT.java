package com.threatlens.example.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's per-route metrics of the example service's own API (the JDK HTTP server, one
 * handler routing every path), with no change to the service: a known number of requests per
 * route gives exactly those counts, status classes and statements.
 *
 * <p>The requests are all sent once, before the tests, so that each test reads the same
 * figures whatever the order. Statement counts come from the service code: each request opens
 * its own connection, on which sqlite-jdbc runs {@code PRAGMA busy_timeout}, then its statements.
 */
class ApiMetricsIT {

    static final int WIKI_READS = 7;
    static final int MISSING_WIKIS = 2;
    static final int HEALTH_CHECKS = 3;
    static final int FAILURES = 2;
    static final int UNKNOWN_PATHS = 4;
    static final int WRONG_METHODS = 1;
    static final int WIKI_LISTS = 3;
    static final int ALL = WIKI_READS + MISSING_WIKIS + HEALTH_CHECKS + FAILURES + UNKNOWN_PATHS + WRONG_METHODS + WIKI_LISTS;

    @TempDir
    static Path directory;

    private static ExampleProcess example;

    @BeforeAll
    static void startTheExampleAndSendTheRequests() {
        example = ExampleProcess.startWithAgent(TinyDatabase.generate(directory), "http.port=0",
                "http.port-file=" + directory.resolve("sidecar.port"));
        // The sidecar listens once the instrumentation is in place.
        example.sidecarUrl();

        for (int id = 1; id <= WIKI_READS; id++) {
            status(200, "GET", "/api/wikis/" + id);
        }
        for (int i = 0; i < MISSING_WIKIS; i++) {
            status(404, "GET", "/api/wikis/99999" + i);
        }
        for (int i = 0; i < HEALTH_CHECKS; i++) {
            status(200, "GET", "/api/health");
        }
        for (int i = 0; i < FAILURES; i++) {
            status(500, "GET", "/api/debug/fail");
        }
        for (int i = 0; i < UNKNOWN_PATHS; i++) {
            status(404, "GET", "/api/no-such-thing");
        }
        status(405, "PUT", "/api/analytics/tag-frequency");
        for (int repo = 1; repo <= WIKI_LISTS; repo++) {
            status(200, "GET", "/api/repos/" + repo + "/wikis?page_size=5");
        }
        awaitNoRequestInFlight();
    }

    /**
     * The JDK server sends the last bytes of an answer a moment before its handler returns,
     * which is when the agent counts the request.
     */
    private static void awaitNoRequestInFlight() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (ok(HttpJson.get(example.sidecar("/metrics"))).get("api").get("in_flight").asLong() > 0) {
            assertTrue(System.nanoTime() < deadline, "a request of the example stays in flight");
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @AfterAll
    static void stopTheExample() {
        if (example != null) {
            example.close();
        }
    }

    @Test
    void eachRouteCountsExactlyItsRequestsByStatusClass() {
        JsonNode wikis = route("GET", "/api/wikis/{id}");
        assertEquals(WIKI_READS + MISSING_WIKIS, wikis.get("requests").asLong(), wikis::toString);
        assertEquals(WIKI_READS, wikis.get("successes").asLong(), wikis::toString);
        assertEquals(MISSING_WIKIS, wikis.get("client_errors").asLong(), wikis::toString);
        assertEquals(0, wikis.get("server_errors").asLong(), wikis::toString);

        assertCounts(route("GET", "/api/health"), HEALTH_CHECKS, HEALTH_CHECKS, 0, 0);
        assertCounts(route("GET", "/api/debug/fail"), FAILURES, 0, 0, FAILURES);
        assertCounts(route("GET", "/api/no-such-thing"), UNKNOWN_PATHS, 0, UNKNOWN_PATHS, 0);
        assertCounts(route("PUT", "/api/analytics/tag-frequency"), WRONG_METHODS, 0, WRONG_METHODS, 0);
        assertCounts(route("GET", "/api/repos/{id}/wikis"), WIKI_LISTS, WIKI_LISTS, 0, 0);

        List<JsonNode> routes = routes();
        assertEquals(6, routes.size(), () -> "routes: " + names(routes));
        for (JsonNode route : routes) {
            assertEquals(0, route.get("in_flight").asLong(), route::toString);
            assertEquals(0, route.get("exceptions").asLong(), "the service's handler answers every failure itself: " + route);
            assertTrue(route.get("p95_ms").asDouble() > 0, route::toString);
            assertTrue(route.get("mean_ms").asDouble() <= route.get("max_ms").asDouble(), route::toString);
        }
    }

    @Test
    void eachRouteRunsExactlyTheStatementsOfItsServiceCode() {
        // The connection each service opens comes from the agent's pool: no set-up PRAGMA of the
        // driver's runs inside the request, only the service's own statements.
        // findWiki: one SELECT, whether the wiki exists or not.
        assertEquals(1.0, route("GET", "/api/wikis/{id}").get("statements_per_request").asDouble());
        // HealthService: one SELECT.
        assertEquals(1.0, route("GET", "/api/health").get("statements_per_request").asDouble());
        // listWikis: the repository check, a count, a page.
        assertEquals(3.0, route("GET", "/api/repos/{id}/wikis").get("statements_per_request").asDouble());
        // Routing fails before any service runs.
        assertEquals(0.0, route("GET", "/api/no-such-thing").get("statements_per_request").asDouble());
        assertEquals(0.0, route("GET", "/api/debug/fail").get("statements_per_request").asDouble());

        JsonNode wikis = route("GET", "/api/wikis/{id}");
        assertTrue(wikis.get("database_ms_per_request").asDouble() > 0, wikis::toString);
        assertTrue(wikis.get("database_ms_per_request").asDouble() <= wikis.get("mean_ms").asDouble(), wikis::toString);
        assertTrue(wikis.get("database_time_percent").asDouble() > 0, wikis::toString);
    }

    @Test
    void theRouteTableSortsAndTheMetricsSectionAddsUp() {
        JsonNode byCalls = ok(HttpJson.get(example.sidecar("/api/stats?sort=calls&limit=2")));
        assertEquals("GET", byCalls.get("routes").get(0).get("method").asText());
        assertEquals("/api/wikis/{id}", byCalls.get("routes").get(0).get("route").asText());
        assertEquals(2, byCalls.get("routes").size());
        assertEquals(6, byCalls.get("total_routes").asInt());

        JsonNode byErrors = ok(HttpJson.get(example.sidecar("/api/stats?sort=errors&limit=1")));
        assertEquals("/api/no-such-thing", byErrors.get("routes").get(0).get("route").asText(), byErrors::toString);

        JsonNode api = ok(HttpJson.get(example.sidecar("/metrics"))).get("api");
        assertEquals(ALL, api.get("requests").asLong(), api::toString);
        assertEquals(FAILURES, api.get("server_errors").asLong(), api::toString);
        assertEquals(MISSING_WIKIS + UNKNOWN_PATHS + WRONG_METHODS, api.get("client_errors").asLong(), api::toString);
        assertEquals((double) FAILURES / ALL, api.get("error_rate").asDouble(), 1e-9, api::toString);
        assertEquals(6, api.get("routes_tracked").asInt(), api::toString);
        assertEquals(0, api.get("overflowed_requests").asLong(), api::toString);
        assertTrue(api.get("throughput_1m").asDouble() > 0, api::toString);
        assertEquals(5, api.get("slowest_routes").size(), api::toString);

        JsonNode badSort = ok400(HttpJson.get(example.sidecar("/api/stats?sort=slowest")));
        assertTrue(badSort.get("detail").asText().startsWith("sort"), badSort::toString);
    }

    @Test
    void thePrometheusTextCarriesHttpServerRequests() {
        String text = HttpJson.get(example.sidecar("/metrics/prometheus")).body();

        assertEquals(WIKI_READS, sample(text, "GET", "SUCCESS", "200", "/api/wikis/{id}"), text);
        assertEquals(MISSING_WIKIS, sample(text, "GET", "CLIENT_ERROR", "404", "/api/wikis/{id}"), text);
        assertEquals(FAILURES, sample(text, "GET", "SERVER_ERROR", "500", "/api/debug/fail"), text);
        assertEquals(WRONG_METHODS, sample(text, "PUT", "CLIENT_ERROR", "405", "/api/analytics/tag-frequency"), text);
    }

    @Test
    void healthIsDegradedWhileTooManyRecentRequestsFailed() {
        // 2 answers of 500 among 22 requests: 9%, past the default 5%.
        HttpJson.Reply reply = HttpJson.get(example.sidecar("/health"));
        assertEquals(200, reply.status(), reply::toString);
        JsonNode health = reply.json();
        assertEquals("degraded", health.get("status").asText(), health::toString);
        JsonNode api = health.get("components").get("api");
        assertTrue(api != null, health::toString);
        assertEquals("degraded", api.get("status").asText(), api::toString);
        assertTrue(api.get("reason").asText().contains("5xx"), api::toString);
    }

    @Test
    void theSidecarsOwnRequestsAreNotCounted() {
        for (int i = 0; i < 3; i++) {
            ok(HttpJson.get(example.sidecar("/metrics")));
        }

        for (JsonNode route : routes()) {
            assertTrue(!route.get("route").asText().startsWith("/api/performance"), route::toString);
        }
        assertEquals(ALL, ok(HttpJson.get(example.sidecar("/metrics"))).get("api").get("requests").asLong());
    }

    private static void assertCounts(JsonNode route, long requests, long successes, long clientErrors, long serverErrors) {
        assertEquals(requests, route.get("requests").asLong(), route::toString);
        assertEquals(successes, route.get("successes").asLong(), route::toString);
        assertEquals(clientErrors, route.get("client_errors").asLong(), route::toString);
        assertEquals(serverErrors, route.get("server_errors").asLong(), route::toString);
    }

    private static double sample(String text, String method, String outcome, String status, String uri) {
        Matcher line = Pattern.compile("(?m)^http_server_requests_seconds_count\\{method=\"" + method + "\",outcome=\""
                + outcome + "\",status=\"" + status + "\",uri=\"" + Pattern.quote(uri) + "\"} (\\S+)$").matcher(text);
        assertTrue(line.find(), () -> "no http_server_requests_seconds_count of " + method + " " + uri + " " + status);
        return Double.parseDouble(line.group(1));
    }

    private static void status(int expected, String method, String path) {
        HttpJson.Reply reply = HttpJson.send(method, example.example(path), Map.of());
        assertEquals(expected, reply.status(), reply::toString);
    }

    static JsonNode route(String method, String route) {
        List<JsonNode> all = routes();
        return all.stream()
                .filter(row -> row.get("method").asText().equals(method) && row.get("route").asText().equals(route))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no route " + method + " " + route + "; tracked: " + names(all)));
    }

    static List<JsonNode> routes() {
        JsonNode body = ok(HttpJson.get(example.sidecar("/api/stats?sort=calls&limit=10000")));
        List<JsonNode> rows = new ArrayList<>();
        body.get("routes").forEach(rows::add);
        return rows;
    }

    private static List<String> names(List<JsonNode> routes) {
        return routes.stream().map(row -> row.get("method").asText() + " " + row.get("route").asText())
                .collect(Collectors.toList());
    }

    private static JsonNode ok(HttpJson.Reply reply) {
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    private static JsonNode ok400(HttpJson.Reply reply) {
        assertEquals(400, reply.status(), reply::toString);
        return reply.json();
    }
}
