package com.threatlens.example.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar's refusals, through the real agent attached to the example: every one is JSON
 * with {@code error} and {@code detail}, and the status says whose mistake it was.
 */
class SidecarErrorsIT {

    private static final String TOKEN = "s3cret";

    @TempDir
    static Path directory;

    private static ExampleProcess open;
    private static ExampleProcess guarded;

    @BeforeAll
    static void startOneSidecarWithoutAndOneWithAToken() {
        Path template = TinyDatabase.generate(directory);
        CompletableFuture<ExampleProcess> withToken = CompletableFuture.supplyAsync(() -> ExampleProcess.startWithAgent(
                TinyDatabase.copy(template, "guarded.db"), "http.port=0", "http.token=" + TOKEN));
        try {
            open = ExampleProcess.startWithAgent(TinyDatabase.copy(template, "open.db"), "http.port=0");
        } finally {
            guarded = withToken.join();
        }
    }

    @AfterAll
    static void stopBoth() {
        if (open != null) {
            open.close();
        }
        if (guarded != null) {
            guarded.close();
        }
    }

    @Test
    void anUnknownRouteIs404() {
        HttpJson.Reply reply = HttpJson.get(open.sidecar("/no-such-endpoint"));

        assertError(reply, 404);
    }

    @Test
    void aKnownRouteWithTheWrongMethodIs405() {
        HttpJson.Reply reply = HttpJson.send("DELETE", open.sidecar("/health"), Map.of());

        assertError(reply, 405);
        assertTrue(reply.header("Allow").contains("GET"), () -> "Allow names the accepted method: " + reply.headers());
    }

    @Test
    void anUnknownQueryParameterIs400NamingIt() {
        HttpJson.Reply reply = HttpJson.get(open.sidecar("/metrics?limt=10"));

        JsonNode error = assertError(reply, 400);
        assertEquals("bad_parameter", error.path("error").asText(), reply::toString);
        assertTrue(error.path("detail").asText().contains("limt"), reply::toString);
    }

    @Test
    void aPostWithoutTheTokenIs401() {
        HttpJson.Reply reply = HttpJson.send("POST", guarded.sidecar("/health"), Map.of());

        assertError(reply, 401);
        assertTrue(reply.header("WWW-Authenticate").startsWith("Bearer"), () -> "challenge: " + reply.headers());
    }

    @Test
    void aPostWithAWrongTokenIs401() {
        HttpJson.Reply reply = HttpJson.send("POST", guarded.sidecar("/health"),
                Map.of("Authorization", "Bearer not-" + TOKEN));

        assertError(reply, 401);
    }

    @Test
    void readsNeedNoTokenAndAnAuthorizedWrongMethodIs405() {
        HttpJson.Reply read = HttpJson.get(guarded.sidecar("/health"));
        assertEquals(200, read.status(), read::toString);

        HttpJson.Reply authorizedButWrongMethod = HttpJson.send("POST", guarded.sidecar("/health"),
                Map.of("Authorization", "Bearer " + TOKEN));
        assertError(authorizedButWrongMethod, 405);
    }

    private static JsonNode assertError(HttpJson.Reply reply, int expectedStatus) {
        assertEquals(expectedStatus, reply.status(), reply::toString);
        assertTrue(reply.contentType().startsWith("application/json"), reply::toString);
        JsonNode body = reply.json();
        assertTrue(body.path("error").isTextual(), reply::toString);
        assertFalse(body.path("error").asText().isBlank(), reply::toString);
        assertTrue(body.path("detail").isTextual(), reply::toString);
        assertFalse(body.path("detail").asText().isBlank(), reply::toString);
        return body;
    }
}
