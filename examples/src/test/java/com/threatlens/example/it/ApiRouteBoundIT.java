package com.threatlens.example.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The route table's bound in a running service, and the switch that turns API metrics off.
 */
class ApiRouteBoundIT {

    private static final int MAX_ROUTES = 100;
    private static final int UNKNOWN_PATHS = 10_000;
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @TempDir
    Path directory;

    @Test
    void tenThousandDistinctUnknownPathsStayWithinTheBoundAndKnownRoutesKeepTheirCounts() throws Exception {
        try (ExampleProcess example = ExampleProcess.startWithAgent(TinyDatabase.generate(directory), "http.port=0",
                "http.port-file=" + directory.resolve("sidecar.port"), "api.max-routes=" + MAX_ROUTES)) {
            example.sidecarUrl();
            assertEquals(200, HttpJson.get(example.example("/api/wikis/1")).status());

            ExecutorService clients = Executors.newFixedThreadPool(4);
            try {
                List<Future<Integer>> answers = new ArrayList<>();
                for (int worker = 0; worker < 4; worker++) {
                    int first = worker;
                    answers.add(clients.submit(() -> {
                        int notFound = 0;
                        for (int i = first; i < UNKNOWN_PATHS; i += 4) {
                            HttpRequest request = HttpRequest.newBuilder(example.example("/scan/probe-" + i + ".php"))
                                    .timeout(Duration.ofSeconds(20)).GET().build();
                            if (CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 404) {
                                notFound++;
                            }
                        }
                        return notFound;
                    }));
                }
                int notFound = 0;
                for (Future<Integer> answer : answers) {
                    notFound += answer.get(120, TimeUnit.SECONDS);
                }
                assertEquals(UNKNOWN_PATHS, notFound);
            } finally {
                clients.shutdownNow();
            }
            assertEquals(200, HttpJson.get(example.example("/api/wikis/2")).status());

            JsonNode body = HttpJson.get(example.sidecar("/api/stats?sort=calls&limit=10000")).json();
            // The JDK server sends an answer's last bytes a moment before its handler returns.
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (body.get("summary").get("in_flight").asLong() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
                body = HttpJson.get(example.sidecar("/api/stats?sort=calls&limit=10000")).json();
            }
            JsonNode summary = body.get("summary");
            assertEquals(MAX_ROUTES, summary.get("routes_tracked").asInt(), summary::toString);
            assertEquals(MAX_ROUTES + 1, body.get("total_routes").asInt(), "the routes kept and the overflow route");
            // The JDK's HTTP client sends a GET again when its connection closes before the
            // answer arrives; the server then really serves it twice. That is rare, not common.
            long requests = summary.get("requests").asLong();
            assertTrue(requests >= UNKNOWN_PATHS + 2 && requests <= UNKNOWN_PATHS + 2 + 20, summary::toString);
            long routed = 0;
            for (JsonNode route : body.get("routes")) {
                routed += route.get("requests").asLong();
            }
            assertEquals(requests, routed, "every request counted under exactly one route");

            JsonNode overflow = body.get("routes").get(0);
            assertEquals("* (other routes)", overflow.get("method").asText() + " " + overflow.get("route").asText());
            long overflowed = overflow.get("requests").asLong();
            assertEquals(overflowed, summary.get("overflowed_requests").asLong(), summary::toString);
            assertTrue(overflowed >= UNKNOWN_PATHS - (MAX_ROUTES - 1), overflow::toString);
            assertEquals(overflowed, overflow.get("client_errors").asLong(), overflow::toString);
            assertEquals(requests - 2, summary.get("client_errors").asLong(), "every probe was a 404: " + summary);

            JsonNode wikis = null;
            for (JsonNode route : body.get("routes")) {
                if (route.get("route").asText().equals("/api/wikis/{id}")) {
                    wikis = route;
                }
            }
            assertTrue(wikis != null, "a route kept before the table filled keeps its entry");
            assertEquals(2, wikis.get("requests").asLong(), wikis::toString);
        }
    }

    @Test
    void apiEnabledFalseLeavesTheServiceAloneAndTheEndpointSaysTheFeatureIsOff() {
        try (ExampleProcess example = ExampleProcess.startWithAgent(TinyDatabase.generate(directory), "http.port=0",
                "http.port-file=" + directory.resolve("sidecar.port"), "api.enabled=false")) {
            example.sidecarUrl();
            for (int id = 1; id <= 3; id++) {
                assertEquals(200, HttpJson.get(example.example("/api/wikis/" + id)).status());
            }

            HttpJson.Reply stats = HttpJson.get(example.sidecar("/api/stats"));
            assertEquals(404, stats.status(), stats::toString);
            assertEquals("feature_off", stats.json().get("error").asText());
            JsonNode metrics = HttpJson.get(example.sidecar("/metrics")).json();
            assertTrue(!metrics.has("api"), metrics::toString);
            assertTrue(!HttpJson.get(example.sidecar("/metrics/prometheus")).body().contains("http_server_requests"));
            // Query statistics still run.
            assertTrue(metrics.get("database").get("queries").asLong() >= 3, metrics::toString);
        }
    }
}
