package com.threatlens.example.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the agent sets itself up: by default once the application's main thread has started it,
 * on request alongside the start. Either way the application is then pooled and its prepared
 * statements reused.
 */
class AgentStartIT {

    private static final String STARTED_LINE = "the application has started after ";

    @TempDir
    static Path directory;

    private static Path template;

    @BeforeAll
    static void generateTheDatabase() {
        template = TinyDatabase.generate(directory);
    }

    @Test
    void byDefaultTheAgentSetsItselfUpOnceTheApplicationHasStarted() {
        try (ExampleProcess example = ExampleProcess.startWithAgent(TinyDatabase.copy(template, "after-main.db"),
                "http.port=0", "log.level=debug")) {
            assertPooledAndReused(example);
            assertTrue(example.agentLines().stream().anyMatch(line -> line.contains(STARTED_LINE)), example::stderr);
        }
    }

    @Test
    void onRequestTheAgentSetsItselfUpAlongsideTheStart() {
        try (ExampleProcess example = ExampleProcess.startWithAgent(TinyDatabase.copy(template, "at-once.db"),
                "http.port=0", "log.level=debug", "start.after-main=false")) {
            assertPooledAndReused(example);
            assertTrue(example.agentLines().stream().noneMatch(line -> line.contains(STARTED_LINE)), example::stderr);
        }
    }

    /** Five reads of one wiki through the pool: the statement is prepared once per connection. */
    private static void assertPooledAndReused(ExampleProcess example) {
        example.sidecarUrl();
        for (int i = 0; i < 5; i++) {
            HttpJson.Reply wiki = HttpJson.get(example.example("/api/wikis/1"));
            assertEquals(200, wiki.status(), wiki::toString);
        }
        HttpJson.Reply stats = HttpJson.get(example.sidecar("/database/stats"));
        assertEquals(200, stats.status(), stats::toString);
        long borrowed = 0;
        long reused = 0;
        for (JsonNode database : stats.json().path("databases")) {
            for (JsonNode pool : database.path("pools")) {
                borrowed += pool.path("borrowed").asLong();
                reused += pool.path("statements_reused").asLong();
            }
        }
        assertTrue(borrowed >= 5, stats::toString);
        assertTrue(reused >= 1, stats::toString);
    }
}
