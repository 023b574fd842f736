package com.threatlens.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What the agent must show of a host application whose web framework declares its routes:
 * {@code GET} and {@code POST} of {@code <base>/repos/{name}/wikis} (answering 200 and 201), and
 * nothing for {@code <base>/nothing/...} (a 404).
 */
final class DeclaredRoutes {

    private final Sidecar sidecar;
    private final HostCalls host;
    private final String base;

    DeclaredRoutes(Sidecar sidecar, HostCalls host, String base) {
        this.sidecar = sidecar;
        this.host = host;
        this.base = base;
    }

    /** Requests of different names count under the declared route, and their paths take no place in the table. */
    void assertRequestsCountUnderTheDeclaredRoutes() {
        long routesBefore = routesTracked();
        for (String name : List.of("threatlens-core", "payments-api", "docs")) {
            assertEquals(200, host.get(base + "/repos/" + name + "/wikis"));
        }
        assertEquals(201, host.send("POST", base + "/repos/docs/wikis"));

        JsonNode listed = sidecar.route("GET", base + "/repos/{name}/wikis");
        assertEquals(3, listed.get("requests").asLong(), listed::toString);
        assertEquals(3, listed.get("successes").asLong(), listed::toString);
        JsonNode created = sidecar.route("POST", base + "/repos/{name}/wikis");
        assertEquals(1, created.get("requests").asLong(), created::toString);
        // the paths, whose names the agent's own templating keeps, took no place in the table
        List<String> tracked = sidecar.routes().stream()
            .map(row -> row.get("method").asText() + " " + row.get("route").asText())
            .collect(Collectors.toList());
        assertTrue(tracked.stream().noneMatch(route -> route.contains("payments-api")), tracked::toString);
        assertEquals(2, routesTracked() - routesBefore, tracked::toString);
    }

    /** A path the framework matches to no handler keeps its templated path. */
    void assertAnUnmatchedPathKeepsItsTemplatedPath() {
        assertEquals(404, host.get(base + "/nothing/7"));

        JsonNode missing = sidecar.route("GET", base + "/nothing/{id}");
        assertEquals(1, missing.get("requests").asLong(), missing::toString);
        assertEquals(1, missing.get("client_errors").asLong(), missing::toString);
    }

    private long routesTracked() {
        return sidecar.json("/api/stats").get("summary").get("routes_tracked").asLong();
    }
}
