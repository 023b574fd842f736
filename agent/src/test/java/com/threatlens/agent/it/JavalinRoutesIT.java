package com.threatlens.agent.it;

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
        routes().assertRequestsCountUnderTheDeclaredRoutes();
    }

    @Test
    void aPathNoEndpointMatchesKeepsItsTemplatedPath() {
        routes().assertAnUnmatchedPathKeepsItsTemplatedPath();
    }

    private DeclaredRoutes routes() {
        return new DeclaredRoutes(sidecar, host, "/shop");
    }
}
