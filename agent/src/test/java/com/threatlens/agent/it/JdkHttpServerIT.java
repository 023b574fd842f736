package com.threatlens.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The JDK's own HTTP server, run by this test as the host's: every request counted once per
 * route, with its status class, whether its handler is a class or a lambda and however many
 * filters stand in front of it, and the statements it ran attributed to it. Each test uses
 * routes of its own, since the agent's counts are cumulative for the JVM.
 */
class JdkHttpServerIT {

    @TempDir
    static Path directory;

    private static HttpServer server;
    private static ExecutorService workers;
    private static HostCalls host;
    private static SqliteFile database;
    private static final AtomicInteger FILTER_PASSES = new AtomicInteger();

    private final Sidecar sidecar = Sidecar.get();

    @BeforeAll
    static void startTheHostServer() throws IOException, SQLException {
        database = SqliteFile.create(directory, "jdk-http.db",
            "CREATE TABLE items (id INTEGER PRIMARY KEY, label TEXT)",
            "INSERT INTO items (label) VALUES ('one'), ('two'), ('three')");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        workers = Executors.newFixedThreadPool(4);
        server.setExecutor(workers);
        server.createContext("/jdk/items", new ItemsHandler());
        server.createContext("/jdk/lambda", exchange -> answer(exchange, 201, "created"));
        server.createContext("/jdk/throws", exchange -> {
            throw new IllegalStateException("deliberate failure of a host handler");
        });
        var filtered = server.createContext("/jdk/filtered", exchange -> answer(exchange, 200, "through two filters"));
        filtered.getFilters().add(new CountingFilter());
        filtered.getFilters().add(new CountingFilter());
        server.createContext("/jdk/db", JdkHttpServerIT::readThreeItems);
        server.start();
        host = new HostCalls(server.getAddress().getPort());
    }

    @AfterAll
    static void stopTheHostServer() {
        if (server != null) {
            server.stop(0);
            workers.shutdownNow();
        }
    }

    @Test
    void requests_of_a_handler_class_are_counted_per_route_template_with_their_status_class() {
        for (int id = 1; id <= 5; id++) {
            assertEquals(200, host.get("/jdk/items/" + id));
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(404, host.get("/jdk/items/missing"));
        }

        JsonNode items = sidecar.route("GET", "/jdk/items/{id}");
        assertEquals(5, items.get("requests").asLong(), items::toString);
        assertEquals(5, items.get("successes").asLong(), items::toString);
        assertEquals(0, items.get("errors").asLong(), items::toString);
        assertEquals(0, items.get("in_flight").asLong(), items::toString);
        assertTrue(items.get("p95_ms").asDouble() > 0, items::toString);
        assertTrue(items.get("throughput_1m").asDouble() > 0, items::toString);

        JsonNode missing = sidecar.route("GET", "/jdk/items/missing");
        assertEquals(3, missing.get("requests").asLong(), missing::toString);
        assertEquals(3, missing.get("client_errors").asLong(), missing::toString);
        assertEquals(0, missing.get("server_errors").asLong(), missing::toString);
    }

    @Test
    void a_lambda_handler_is_measured_too() {
        for (int i = 0; i < 4; i++) {
            assertEquals(201, host.send("POST", "/jdk/lambda"));
        }

        JsonNode lambda = sidecar.route("POST", "/jdk/lambda");
        assertEquals(4, lambda.get("requests").asLong(), lambda::toString);
        assertEquals(4, lambda.get("successes").asLong(), lambda::toString);
    }

    @Test
    void a_handler_that_throws_counts_as_an_exception_and_a_server_error() {
        // POST: the JDK's HTTP client sends a GET again when the connection drops unanswered.
        for (int i = 0; i < 2; i++) {
            assertEquals(-1, host.send("POST", "/jdk/throws"), "the JDK server drops the connection");
        }

        JsonNode throwing = sidecar.route("POST", "/jdk/throws");
        assertEquals(2, throwing.get("requests").asLong(), throwing::toString);
        assertEquals(2, throwing.get("exceptions").asLong(), throwing::toString);
        assertEquals(2, throwing.get("server_errors").asLong(), throwing::toString);
        assertEquals(1.0, throwing.get("error_rate").asDouble(), throwing::toString);
    }

    @Test
    void filters_in_front_of_the_handler_do_not_multiply_the_count() {
        int passesBefore = FILTER_PASSES.get();
        for (int i = 0; i < 3; i++) {
            assertEquals(200, host.get("/jdk/filtered"));
        }

        assertEquals(6, FILTER_PASSES.get() - passesBefore, "each request passed both filters");
        JsonNode filtered = sidecar.route("GET", "/jdk/filtered");
        assertEquals(3, filtered.get("requests").asLong(), filtered::toString);
    }

    @Test
    void the_statements_a_request_runs_are_attributed_to_its_route() {
        for (int i = 0; i < 2; i++) {
            assertEquals(200, host.get("/jdk/db"));
        }

        JsonNode db = sidecar.route("GET", "/jdk/db");
        assertEquals(2, db.get("requests").asLong(), db::toString);
        // One count, two reads of a row: the connection comes from the agent's pool, so
        // sqlite-jdbc runs no set-up PRAGMA on a new connection inside the request.
        assertEquals(3.0, db.get("statements_per_request").asDouble(), db::toString);
        assertTrue(db.get("database_ms_per_request").asDouble() > 0, db::toString);
        assertTrue(db.get("database_time_percent").asDouble() > 0, db::toString);
        assertTrue(db.get("database_time_percent").asDouble() <= 100, db::toString);
        JsonNode items = sidecar.route("GET", "/jdk/items/{id}");
        assertEquals(0.0, items.get("statements_per_request").asDouble(), "a route that runs no statement: " + items);
    }

    @Test
    void the_prometheus_text_carries_http_server_requests_per_route_and_status() {
        for (int i = 0; i < 3; i++) {
            assertEquals(201, host.send("PUT", "/jdk/lambda/7"));
        }
        assertEquals(-1, host.send("POST", "/jdk/throws/7"));
        sidecar.routes();

        String text = sidecar.get("/metrics/prometheus").body();

        assertEquals(3.0, sample(text, "http_server_requests_seconds_count", "PUT", "SUCCESS", "201", "/jdk/lambda/{id}"), text);
        assertTrue(sample(text, "http_server_requests_seconds_sum", "PUT", "SUCCESS", "201", "/jdk/lambda/{id}") > 0, text);
        assertEquals(1.0, sample(text, "http_server_requests_seconds_count", "POST", "SERVER_ERROR", "500", "/jdk/throws/{id}"), text);
    }

    @Test
    void the_agents_own_sidecar_requests_are_not_counted() {
        sidecar.json("/health");
        sidecar.json("/metrics");

        for (JsonNode route : sidecar.routes()) {
            assertTrue(!route.get("route").asText().startsWith("/api/performance"), () -> "the sidecar measured itself: " + route);
        }
    }

    /** The value of {@code meter{method=..,outcome=..,status=..,uri=..}} (Prometheus sorts tags by name). */
    private static double sample(String text, String meter, String method, String outcome, String status, String uri) {
        Matcher line = Pattern.compile("(?m)^" + meter + "\\{method=\"" + method + "\",outcome=\"" + outcome
            + "\",status=\"" + status + "\",uri=\"" + Pattern.quote(uri) + "\"} (\\S+)$").matcher(text);
        assertTrue(line.find(), () -> "no " + meter + " of " + method + " " + uri + " " + status);
        return Double.parseDouble(line.group(1));
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void readThreeItems(HttpExchange exchange) throws IOException {
        StringBuilder labels = new StringBuilder();
        try (Connection connection = database.connect()) {
            try (Statement count = connection.createStatement(); ResultSet rows = count.executeQuery("SELECT COUNT(*) FROM items")) {
                rows.next();
                labels.append(rows.getInt(1));
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT label FROM items WHERE id = ?")) {
                for (int id = 1; id <= 2; id++) {
                    select.setInt(1, id);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            labels.append(' ').append(rows.getString(1));
                        }
                    }
                }
            }
        } catch (SQLException e) {
            answer(exchange, 500, e.toString());
            return;
        }
        answer(exchange, 200, labels.toString());
    }

    /** A handler class of its own (not a lambda): the ordinary way to write one. */
    private static final class ItemsHandler implements HttpHandler {
        @Override
        public void handle(HttpExchange exchange) throws IOException {
            String last = exchange.getRequestURI().getPath().substring("/jdk/items/".length());
            if (last.chars().allMatch(Character::isDigit)) {
                answer(exchange, 200, "item " + last);
            } else {
                answer(exchange, 404, "no item " + last);
            }
        }
    }

    private static final class CountingFilter extends Filter {
        @Override
        public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
            FILTER_PASSES.incrementAndGet();
            chain.doFilter(exchange);
        }

        @Override
        public String description() {
            return "counts the requests that pass";
        }
    }
}
