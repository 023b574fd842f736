package com.threatlens.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import io.javalin.Javalin;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A Javalin 7 application, run by this test as the host's: its requests are counted under the
 * routes it declared, path parameters named as it named them, rather than under their paths; a
 * filter names no route, and a path no endpoint matches keeps its templated path.
 */
class JavalinRoutesIT {

    private static Javalin javalin;
    private static HostCalls host;

    private final Sidecar sidecar = Sidecar.get();

    @BeforeAll
    static void startJavalin() {
        // Wait for the agent (its sidecar starts after the instrumentation) before the host's
        // Javalin classes are loaded, in a class of their own.
        Sidecar.get();
        javalin = JavalinStarter.start();
        host = new HostCalls(javalin.port());
    }

    /** Builds and starts the host's Javalin; its own class, loaded only when called. */
    private static final class JavalinStarter {
        static Javalin start() {
            return Javalin.create(config -> {
                config.startup.showJavalinBanner = false;
                config.startup.startupWatcherEnabled = false;
                config.routes.before("/shop/*", ctx -> ctx.header("X-Seen", "yes"));
                config.routes.get("/shop/repos/{name}/wikis", ctx -> ctx.result("wikis of " + ctx.pathParam("name")));
                config.routes.post("/shop/repos/{name}/wikis", ctx -> ctx.status(201));
            }).start("127.0.0.1", 0);
        }
    }

    @AfterAll
    static void stopJavalin() {
        if (javalin != null) {
            javalin.stop();
        }
    }

    @Test
    void requestsAreCountedUnderTheRoutesTheApplicationDeclared() {
        long routesBefore = routesTracked();
        for (String name : List.of("threatlens-core", "payments-api", "docs")) {
            assertEquals(200, host.get("/shop/repos/" + name + "/wikis"));
        }
        assertEquals(201, host.send("POST", "/shop/repos/docs/wikis"));

        JsonNode listed = sidecar.route("GET", "/shop/repos/{name}/wikis");
        assertEquals(3, listed.get("requests").asLong(), listed::toString);
        assertEquals(3, listed.get("successes").asLong(), listed::toString);
        JsonNode created = sidecar.route("POST", "/shop/repos/{name}/wikis");
        assertEquals(1, created.get("requests").asLong(), created::toString);
        // the paths, whose names the agent's own templating keeps, took no place in the table
        List<String> tracked = sidecar.routes().stream()
            .map(row -> row.get("method").asText() + " " + row.get("route").asText())
            .collect(Collectors.toList());
        assertTrue(tracked.stream().noneMatch(route -> route.contains("payments-api")), tracked::toString);
        assertEquals(2, routesTracked() - routesBefore, tracked::toString);
    }

    private long routesTracked() {
        return sidecar.json("/api/stats").get("summary").get("routes_tracked").asLong();
    }

    @Test
    void aPathNoEndpointMatchesKeepsItsTemplatedPath() {
        // the filter matches it, the handlers do not: Javalin's 404
        assertEquals(404, host.get("/shop/nothing/7"));

        JsonNode missing = sidecar.route("GET", "/shop/nothing/{id}");
        assertEquals(1, missing.get("requests").asLong(), missing::toString);
        assertEquals(1, missing.get("client_errors").asLong(), missing::toString);
    }
}
