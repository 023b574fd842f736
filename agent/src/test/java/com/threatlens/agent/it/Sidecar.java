package com.threatlens.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The sidecar of the agent attached to this very JVM (failsafe's {@code argLine}), found through
 * the port file the agent writes once it listens. The tests see the agent only through here.
 */
final class Sidecar {

    static final String BASE = "/api/performance";

    /** What sqlite-jdbc itself runs, through a plain statement, whenever it opens a connection. */
    static final String DRIVER_CONNECTION_SETUP = "PRAGMA busy_timeout = ?";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern PORT_FILE_ARGUMENT = Pattern.compile("http\\.port-file=([^,]+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .build();

    private static Sidecar instance;
    private static AssertionError unavailable;

    private final URI base;

    private Sidecar(int port) {
        this.base = URI.create("http://127.0.0.1:" + port + BASE);
    }

    /** The sidecar of this JVM's agent, waiting up to 30 s for it to listen. */
    static synchronized Sidecar get() {
        if (unavailable != null) {
            throw unavailable;
        }
        if (instance == null) {
            try {
                instance = new Sidecar(awaitPort(portFile()));
            } catch (AssertionError notListening) {
                unavailable = notListening;
                throw notListening;
            }
        }
        return instance;
    }

    /** The {@code http.port-file} named in this JVM's {@code -javaagent} argument. */
    private static Path portFile() {
        List<String> arguments = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String argument : arguments) {
            if (argument.startsWith("-javaagent:")) {
                Matcher portFile = PORT_FILE_ARGUMENT.matcher(argument);
                if (portFile.find()) {
                    return Path.of(portFile.group(1));
                }
            }
        }
        throw new AssertionError("this JVM runs without a -javaagent naming http.port-file; "
            + "run the integration tests through failsafe (mvn verify). JVM arguments: " + arguments);
    }

    /**
     * Waits for a port file written by this JVM's agent (not one left by an earlier run) whose
     * port answers.
     */
    private static int awaitPort(Path portFile) {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        String lastProblem = "no port file yet";
        while (System.nanoTime() < deadline) {
            try {
                if (Files.isRegularFile(portFile)
                    && Files.getLastModifiedTime(portFile).toMillis() >= jvmStart - 2_000) {
                    int port = Integer.parseInt(Files.readString(portFile).trim());
                    HttpResponse<String> health = CLIENT.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + BASE + "/health"))
                            .timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString());
                    if (health.statusCode() == 200) {
                        return port;
                    }
                    lastProblem = "health answered " + health.statusCode() + ": " + health.body();
                }
            } catch (IOException | NumberFormatException notYet) {
                lastProblem = notYet.toString();
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                break;
            }
            sleep(100);
        }
        throw new AssertionError("the agent's sidecar did not come up within " + START_TIMEOUT.toSeconds()
            + " s (port file " + portFile + "): " + lastProblem);
    }

    URI uri(String pathAndQuery) {
        return URI.create(base + pathAndQuery);
    }

    Reply get(String pathAndQuery) {
        return send("GET", pathAndQuery);
    }

    Reply post(String pathAndQuery) {
        return send("POST", pathAndQuery);
    }

    /** The JSON body of a GET that must answer 200. */
    JsonNode json(String pathAndQuery) {
        Reply reply = get(pathAndQuery);
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    /** Forgets every statement's statistics and the slow-query samples. */
    void reset() {
        Reply reply = post("/database/stats/reset");
        assertEquals(200, reply.status(), reply::toString);
    }

    /** Every statement the agent tracks for {@code database}, most called first. */
    List<JsonNode> allStatements(String database) {
        JsonNode body = json("/queries?sort=calls&limit=10000&database=" + encode(database));
        List<JsonNode> rows = new ArrayList<>();
        body.get("statements").forEach(rows::add);
        assertEquals(body.get("total_statements").asInt(), rows.size(), "total_statements of " + body);
        return rows;
    }

    /**
     * The statements the test itself ran on {@code database}: all of them but the
     * {@value #DRIVER_CONNECTION_SETUP} that sqlite-jdbc runs on each new connection.
     */
    List<JsonNode> statements(String database) {
        return allStatements(database).stream()
            .filter(row -> !DRIVER_CONNECTION_SETUP.equals(row.get("query").asText()))
            .collect(Collectors.toList());
    }

    /** The one statement of {@code database} whose normalized query text is {@code query}. */
    JsonNode statement(String database, String query) {
        return statementWhere(database, query::equals, "query = " + query);
    }

    /** The one statement of {@code database} whose normalized query text satisfies {@code query}. */
    JsonNode statementWhere(String database, Predicate<String> query, String description) {
        List<JsonNode> all = allStatements(database);
        List<JsonNode> matching = all.stream()
            .filter(row -> query.test(row.get("query").asText()))
            .collect(Collectors.toList());
        if (matching.size() != 1) {
            fail(matching.size() + " statements match " + description + " in " + database + "; tracked: "
                + all.stream().map(row -> row.get("query").asText()).collect(Collectors.toList()));
        }
        return matching.get(0);
    }

    /** The {@code database} summary of {@code /database/stats}. */
    JsonNode summary() {
        return json("/database/stats").get("summary");
    }

    /**
     * Every route of the host's API the agent tracks, once no request is in flight: a server
     * may finish sending its answer a moment before its handler returns, which is when the
     * agent counts the request.
     */
    List<JsonNode> routes() {
        JsonNode body = json("/api/stats?sort=calls&limit=10000");
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (body.get("summary").get("in_flight").asLong() > 0 && System.nanoTime() < deadline) {
            sleep(10);
            body = json("/api/stats?sort=calls&limit=10000");
        }
        List<JsonNode> rows = new ArrayList<>();
        body.get("routes").forEach(rows::add);
        return rows;
    }

    /** The route {@code method route} of the host's API; fails naming the routes tracked when absent. */
    JsonNode route(String method, String route) {
        // A server may send the answer's last bytes a moment before its handler returns, so the
        // client can ask before the request is counted: wait until the route has none in flight.
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            List<JsonNode> all = routes();
            java.util.Optional<JsonNode> found = all.stream()
                .filter(row -> row.get("method").asText().equals(method) && row.get("route").asText().equals(route))
                .findFirst();
            if (found.isPresent() && found.get().get("in_flight").asLong() == 0 || System.nanoTime() > deadline) {
                return found.orElseThrow(() -> new AssertionError("no route " + method + " " + route + "; tracked: "
                    + all.stream().map(row -> row.get("method").asText() + " " + row.get("route").asText())
                        .collect(Collectors.toList())));
            }
            sleep(10);
        }
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private Reply send(String method, String pathAndQuery) {
        URI uri = uri(pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(uri)
            .timeout(REQUEST_TIMEOUT)
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new Reply(method + " " + uri, response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(""), response.body());
        } catch (HttpTimeoutException e) {
            throw new AssertionError(method + " " + uri + " got no answer within " + REQUEST_TIMEOUT.toSeconds()
                + " s; the threads of this JVM:" + System.lineSeparator() + ThreadDumps.all(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " " + uri + " interrupted", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One answer of the sidecar; {@link #toString()} names the request, for assertion messages. */
    record Reply(String request, int status, String contentType, String body) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError(request + " did not answer JSON: " + body, e);
            }
        }

        @Override
        public String toString() {
            return request + " -> " + status + " " + contentType + " " + body;
        }
    }
}
