package com.threatlens.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Jetty 12's own handler API, with no servlet anywhere, run by this test as the host's: each
 * request counted once, with the status the handler set, a declined request as Jetty's 404 and
 * a handler that throws as an exception and Jetty's 500.
 */
class JettyHandlerIT {

    private static Server jetty;
    private static HostCalls host;

    private final Sidecar sidecar = Sidecar.get();

    @BeforeAll
    static void startJetty() throws Exception {
        // The agent instruments classes on a background thread at start-up; a Jetty class that is
        // being loaded at the very moment its transformer is registered can escape it. Wait for
        // the agent (its sidecar starts after the instrumentation) before Jetty's server is
        // loaded, which happens in a class of its own so that verifying this one loads none.
        Sidecar.get();
        jetty = JettyStarter.start();
        host = new HostCalls(((ServerConnector) jetty.getConnectors()[0]).getLocalPort());
    }

    /** Builds and starts the host's Jetty; its own class, loaded only when called. */
    private static final class JettyStarter {
        static Server start() throws Exception {
            Server server = new Server();
            ServerConnector connector = new ServerConnector(server);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            server.addConnector(connector);
            server.setHandler(new CoreHandler());
            server.start();
            return server;
        }
    }

    @AfterAll
    static void stopJetty() throws Exception {
        if (jetty != null) {
            jetty.stop();
        }
    }

    @Test
    void requests_of_a_core_handler_are_counted_per_route_template_with_the_status_it_set() {
        for (int id = 1; id <= 4; id++) {
            assertEquals(200, host.get("/core/items/" + id));
        }
        for (int i = 0; i < 2; i++) {
            assertEquals(202, host.send("POST", "/core/items/" + i));
        }

        JsonNode items = sidecar.route("GET", "/core/items/{id}");
        assertEquals(4, items.get("requests").asLong(), items::toString);
        assertEquals(4, items.get("successes").asLong(), items::toString);
        assertEquals(0, items.get("in_flight").asLong(), items::toString);
        JsonNode posted = sidecar.route("POST", "/core/items/{id}");
        assertEquals(2, posted.get("requests").asLong(), posted::toString);
        assertEquals(2, posted.get("successes").asLong(), posted::toString);
    }

    @Test
    void a_request_no_handler_takes_is_jettys_404() {
        for (int i = 0; i < 3; i++) {
            assertEquals(404, host.get("/core/declined"));
        }

        JsonNode declined = sidecar.route("GET", "/core/declined");
        assertEquals(3, declined.get("requests").asLong(), declined::toString);
        assertEquals(3, declined.get("client_errors").asLong(), declined::toString);
    }

    @Test
    void a_handler_that_throws_is_an_exception_and_jettys_500() {
        for (int i = 0; i < 2; i++) {
            assertEquals(500, host.send("POST", "/core/throws"));
        }

        JsonNode throwing = sidecar.route("POST", "/core/throws");
        assertEquals(2, throwing.get("requests").asLong(), throwing::toString);
        assertEquals(2, throwing.get("exceptions").asLong(), throwing::toString);
        assertEquals(2, throwing.get("server_errors").asLong(), throwing::toString);
    }

    @Test
    void the_core_request_path_keeps_words_and_templates_ids() {
        assertEquals(200, host.get("/core/items/5/history"));

        JsonNode history = sidecar.route("GET", "/core/items/{id}/history");
        assertEquals(1, history.get("requests").asLong(), history::toString);
    }

    /** One handler for every path, as Javalin-less Jetty 12 applications write them. */
    private static final class CoreHandler extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String path = request.getHttpURI().getPath();
            if (path.startsWith("/core/throws")) {
                throw new IllegalStateException("deliberate failure of a host handler");
            }
            if (!path.startsWith("/core/items/")) {
                return false;
            }
            response.setStatus(request.getMethod().equals("POST") ? 202 : 200);
            Content.Sink.write(response, true, "item " + path, callback);
            return true;
        }
    }
}
