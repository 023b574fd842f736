package com.threatlens.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * A servlet container run by this test as the host's: an embedded Jetty 12 (Jakarta Servlet 6)
 * from the test class path, loaded by the application class loader like any host's Jetty, and
 * so instrumented, while the agent's own Jetty (the sidecar) lives in the agent's loader and is
 * not. Routes keep the servlet mapping's fixed part and template the rest.
 */
class ServletContainerIT {

    @TempDir
    static Path directory;

    private static Server jetty;
    private static HostCalls host;
    private static SqliteFile database;

    private final Sidecar sidecar = Sidecar.get();

    @BeforeAll
    static void startTheContainer() throws Exception {
        database = SqliteFile.create(directory, "servlet.db",
            "CREATE TABLE orders (id INTEGER PRIMARY KEY, total INTEGER)",
            "INSERT INTO orders (total) VALUES (10), (20), (30)");
        jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler shop = new ServletContextHandler("/shop");
        shop.addServlet(new ServletHolder(new OrdersServlet()), "/orders/*");
        shop.addServlet(new ServletHolder(new StatusServlet()), "/status");
        shop.addServlet(new ServletHolder(new FailingServlet()), "/fail");
        shop.addServlet(new ServletHolder(new ForwardingServlet()), "/forward");
        shop.addServlet(new ServletHolder(new StatusServlet()), "/forwarded");
        jetty.setHandler(shop);
        jetty.start();
        host = new HostCalls(connector.getLocalPort());
    }

    @AfterAll
    static void stopTheContainer() throws Exception {
        if (jetty != null) {
            jetty.stop();
        }
    }

    @Test
    void requests_are_counted_per_servlet_route_with_the_path_info_templated() {
        for (int id = 1; id <= 3; id++) {
            assertEquals(200, host.get("/shop/orders/" + id));
        }
        assertEquals(404, host.get("/shop/orders/424242"));

        JsonNode orders = sidecar.route("GET", "/shop/orders/{id}");
        assertEquals(4, orders.get("requests").asLong(), orders::toString);
        assertEquals(3, orders.get("successes").asLong(), orders::toString);
        assertEquals(1, orders.get("client_errors").asLong(), orders::toString);
        assertEquals(0, orders.get("in_flight").asLong(), orders::toString);
    }

    @Test
    void the_statements_of_a_servlet_request_are_attributed_to_its_route() {
        for (int id = 1; id <= 3; id++) {
            assertEquals(200, host.send("POST", "/shop/orders/" + id));
        }

        JsonNode orders = sidecar.route("POST", "/shop/orders/{id}");
        assertEquals(3, orders.get("requests").asLong(), orders::toString);
        // The one SELECT: the connection comes from the agent's pool, so sqlite-jdbc runs no
        // set-up PRAGMA on a new connection inside the request.
        assertEquals(1.0, orders.get("statements_per_request").asDouble(), orders::toString);
        assertTrue(orders.get("database_ms_per_request").asDouble() > 0, orders::toString);
    }

    @Test
    void an_exact_mapping_is_one_route_and_its_statuses_are_counted_by_class() {
        assertEquals(200, host.get("/shop/status?code=200"));
        assertEquals(302, host.get("/shop/status?code=302"));
        assertEquals(503, host.get("/shop/status?code=503"));
        assertEquals(503, host.get("/shop/status?code=503"));

        JsonNode status = sidecar.route("GET", "/shop/status");
        assertEquals(4, status.get("requests").asLong(), status::toString);
        assertEquals(1, status.get("successes").asLong(), status::toString);
        assertEquals(1, status.get("redirects").asLong(), status::toString);
        assertEquals(2, status.get("server_errors").asLong(), status::toString);
        assertEquals(0, status.get("exceptions").asLong(), status::toString);
        assertEquals(0.5, status.get("error_rate").asDouble(), status::toString);
    }

    @Test
    void a_servlet_that_throws_counts_as_an_exception_and_the_client_still_gets_the_containers_500() {
        assertEquals(500, host.get("/shop/fail"));
        assertEquals(500, host.get("/shop/fail"));

        JsonNode fail = sidecar.route("GET", "/shop/fail");
        assertEquals(2, fail.get("requests").asLong(), fail::toString);
        assertEquals(2, fail.get("exceptions").asLong(), fail::toString);
        assertEquals(2, fail.get("server_errors").asLong(), fail::toString);
    }

    @Test
    void a_forward_to_another_servlet_is_one_request_of_the_route_asked_for() {
        assertEquals(200, host.get("/shop/forward"));
        assertEquals(200, host.get("/shop/forward"));

        JsonNode forward = sidecar.route("GET", "/shop/forward");
        assertEquals(2, forward.get("requests").asLong(), forward::toString);
        boolean forwardedCounted = sidecar.routes().stream()
            .anyMatch(row -> row.get("route").asText().equals("/shop/forwarded"));
        assertTrue(!forwardedCounted, "the forwarded-to servlet counted the forward as a request of its own");
    }

    /** GET /orders/{id} answers the order or 404; POST reads it from the database. */
    private static final class OrdersServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            int id = Integer.parseInt(request.getPathInfo().substring(1));
            if (id > 3) {
                response.sendError(404);
                return;
            }
            response.getWriter().write("order " + id);
        }

        @Override
        protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
            int id = Integer.parseInt(request.getPathInfo().substring(1));
            try (Connection connection = database.connect();
                 PreparedStatement select = connection.prepareStatement("SELECT total FROM orders WHERE id = ?")) {
                select.setInt(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    response.getWriter().write(rows.next() ? "total " + rows.getInt(1) : "none");
                }
            } catch (SQLException e) {
                throw new IOException(e);
            }
        }
    }

    /** Answers the status asked for in {@code code}. */
    private static final class StatusServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            int code = Integer.parseInt(request.getParameter("code") == null ? "200" : request.getParameter("code"));
            if (code == 302) {
                response.sendRedirect("/shop/status");
            } else {
                response.setStatus(code);
                response.getWriter().write("status " + code);
            }
        }
    }

    private static final class FailingServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException {
            throw new ServletException("deliberate failure of a host servlet");
        }
    }

    private static final class ForwardingServlet extends HttpServlet {
        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
            request.getRequestDispatcher("/forwarded?code=200").forward(request, response);
        }
    }
}
