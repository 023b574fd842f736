package com.threatlens.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * A Spring MVC application in Jetty 12, its dispatcher servlet mapped to a path under a context
 * path, run by this test as the host's: its requests are counted under the patterns of its
 * handler mappings, after the context and servlet paths, rather than under their paths; a path
 * Spring matches to no handler keeps its templated path.
 */
class SpringMvcRoutesIT {

    private static Server jetty;
    private static HostCalls host;

    private final Sidecar sidecar = Sidecar.get();

    @BeforeAll
    static void startSpring() throws Exception {
        // Wait for the agent (its sidecar starts after the instrumentation) before the host's
        // server classes are loaded, in a class of their own.
        Sidecar.get();
        jetty = SpringStarter.start();
        host = new HostCalls(((ServerConnector) jetty.getConnectors()[0]).getLocalPort());
    }

    /** Builds and starts the host's Jetty with Spring's dispatcher servlet; loaded only when called. */
    private static final class SpringStarter {
        static Server start() throws Exception {
            AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
            spring.register(WebConfig.class);
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            ServletContextHandler context = new ServletContextHandler();
            context.setContextPath("/app");
            context.addServlet(new ServletHolder(new DispatcherServlet(spring)), "/mvc/*");
            server.setHandler(context);
            server.start();
            return server;
        }
    }

    @Configuration
    @EnableWebMvc
    static class WebConfig {
        @Bean
        RepositoryController repositoryController() {
            return new RepositoryController();
        }
    }

    @RestController
    static class RepositoryController {
        @GetMapping("/repos/{name}/wikis")
        String wikis(@PathVariable("name") String name) {
            return "wikis of " + name;
        }

        @PostMapping("/repos/{name}/wikis")
        ResponseEntity<String> add(@PathVariable("name") String name) {
            return ResponseEntity.status(201).body("added to " + name);
        }
    }

    @AfterAll
    static void stopSpring() throws Exception {
        if (jetty != null) {
            jetty.stop();
        }
    }

    @Test
    void requestsAreCountedUnderThePatternsOfTheirHandlerMappings() {
        long routesBefore = routesTracked();
        for (String name : List.of("threatlens-core", "payments-api", "docs")) {
            assertEquals(200, host.get("/app/mvc/repos/" + name + "/wikis"));
        }
        assertEquals(201, host.send("POST", "/app/mvc/repos/docs/wikis"));

        JsonNode listed = sidecar.route("GET", "/app/mvc/repos/{name}/wikis");
        assertEquals(3, listed.get("requests").asLong(), listed::toString);
        assertEquals(3, listed.get("successes").asLong(), listed::toString);
        JsonNode created = sidecar.route("POST", "/app/mvc/repos/{name}/wikis");
        assertEquals(1, created.get("requests").asLong(), created::toString);
        // the paths, whose names the agent's own templating keeps, took no place in the table
        List<String> tracked = sidecar.routes().stream()
            .map(row -> row.get("method").asText() + " " + row.get("route").asText())
            .collect(Collectors.toList());
        assertTrue(tracked.stream().noneMatch(route -> route.contains("payments-api")), tracked::toString);
        assertEquals(2, routesTracked() - routesBefore, tracked::toString);
    }

    @Test
    void aPathNoHandlerMatchesKeepsItsTemplatedPath() {
        assertEquals(404, host.get("/app/mvc/nothing/7"));

        JsonNode missing = sidecar.route("GET", "/app/mvc/nothing/{id}");
        assertEquals(1, missing.get("requests").asLong(), missing::toString);
        assertEquals(1, missing.get("client_errors").asLong(), missing::toString);
    }

    private long routesTracked() {
        return sidecar.json("/api/stats").get("summary").get("routes_tracked").asLong();
    }
}
