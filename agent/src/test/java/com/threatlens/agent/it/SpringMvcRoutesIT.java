package com.threatlens.agent.it;

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
        routes().assertRequestsCountUnderTheDeclaredRoutes();
    }

    @Test
    void aPathNoHandlerMatchesKeepsItsTemplatedPath() {
        routes().assertAnUnmatchedPathKeepsItsTemplatedPath();
    }

    private DeclaredRoutes routes() {
        return new DeclaredRoutes(sidecar, host, "/app/mvc");
    }
}
