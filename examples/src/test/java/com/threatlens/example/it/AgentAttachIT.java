package com.threatlens.example.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example service with the agent attached: the application answers as it does without the
 * agent, and the sidecar answers next to it.
 */
class AgentAttachIT {

    private static final List<String> READ_ONLY_REQUESTS =
            List.of("/api/wikis/1", "/api/search?q=injection", "/api/repos/1/wikis", "/api/wikis/999999");

    @TempDir
    static Path directory;

    private static ExampleProcess withAgent;
    private static ExampleProcess withoutAgent;

    @BeforeAll
    static void startTheExampleWithAndWithoutTheAgent() {
        Path template = TinyDatabase.generate(directory);
        CompletableFuture<ExampleProcess> plain = CompletableFuture.supplyAsync(
                () -> ExampleProcess.startWithoutAgent(TinyDatabase.copy(template, "without-agent.db")));
        try {
            withAgent = ExampleProcess.startWithAgent(TinyDatabase.copy(template, "with-agent.db"), "http.port=0");
        } finally {
            withoutAgent = plain.join();
        }
    }

    @AfterAll
    static void stopBoth() {
        if (withAgent != null) {
            withAgent.close();
        }
        if (withoutAgent != null) {
            withoutAgent.close();
        }
    }

    @Test
    void theApplicationServesItsApiWithTheAgentAttached() {
        HttpJson.Reply wiki = HttpJson.get(withAgent.example("/api/wikis/1"));
        assertEquals(200, wiki.status(), wiki::toString);
        assertEquals(1, wiki.json().path("id").asLong(), wiki::toString);
        assertFalse(wiki.json().path("title").asText().isBlank(), wiki::toString);

        HttpJson.Reply missing = HttpJson.get(withAgent.example("/api/wikis/999999"));
        assertEquals(404, missing.status(), missing::toString);

        HttpJson.Reply health = HttpJson.get(withAgent.example("/api/health"));
        assertEquals(200, health.status(), health::toString);
        assertEquals(TinyDatabase.WIKIS, health.json().path("wiki_count").asInt(), health::toString);
        assertEquals(TinyDatabase.REPOSITORIES, health.json().path("repo_count").asInt(), health::toString);
    }

    @Test
    void theSidecarReportsAHealthyAgentWithItsVersion() {
        HttpJson.Reply reply = HttpJson.get(withAgent.sidecar("/health"));

        assertEquals(200, reply.status(), reply::toString);
        assertTrue(reply.contentType().startsWith("application/json"), reply::toString);
        JsonNode health = reply.json();
        assertEquals("healthy", health.path("status").asText(), reply::toString);
        assertFalse(health.path("timestamp").asText().isBlank(), reply::toString);
        JsonNode agent = health.path("components").path("agent");
        assertEquals("healthy", agent.path("status").asText(), reply::toString);
        assertKnownVersion(agent.path("details").path("version"), reply);
    }

    @Test
    void theSidecarReportsAgentAndJvmMetrics() {
        HttpJson.Reply reply = HttpJson.get(withAgent.sidecar("/metrics"));

        assertEquals(200, reply.status(), reply::toString);
        JsonNode metrics = reply.json();
        assertKnownVersion(metrics.path("agent").path("version"), reply);
        assertTrue(metrics.path("agent").path("uptime_seconds").canConvertToLong(), reply::toString);
        JsonNode heapUsed = metrics.path("jvm").path("heap_used_bytes");
        assertTrue(heapUsed.isIntegralNumber() && heapUsed.asLong() > 0, reply::toString);
        assertTrue(metrics.path("jvm").path("threads_live").asInt() > 0, reply::toString);
        assertEquals(Runtime.version().feature(),
                Runtime.Version.parse(metrics.path("jvm").path("java_version").asText()).feature(), reply::toString);
    }

    @Test
    void theApplicationAnswersExactlyAsItDoesWithoutTheAgent() {
        for (String request : READ_ONLY_REQUESTS) {
            HttpJson.Reply expected = HttpJson.get(withoutAgent.example(request));
            HttpJson.Reply actual = HttpJson.get(withAgent.example(request));

            assertEquals(expected.status(), actual.status(), () -> request + ": " + expected + " vs " + actual);
            assertEquals(expected.contentType(), actual.contentType(), request);
            assertEquals(expected.body(), actual.body(), request);
            assertFalse(actual.body().isBlank(), request);
        }
    }

    private static void assertKnownVersion(JsonNode version, HttpJson.Reply reply) {
        assertTrue(version.isTextual(), reply::toString);
        assertFalse(version.asText().isBlank(), reply::toString);
        assertNotEquals("unknown", version.asText(), () -> "the agent cannot read its build version: " + reply);
    }
}
