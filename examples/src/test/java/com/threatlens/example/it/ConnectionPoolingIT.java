package com.threatlens.example.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example service opens a connection per call; under the agent those connections come
 * from a pool. The same workload, writes included, answers the same with pooling on and off.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConnectionPoolingIT {

    private static final int WRITERS = 3;
    private static final int READERS = 3;
    private static final int UPDATES_PER_WRITER = 25;

    @TempDir
    static Path directory;

    private static ExampleProcess pooled;
    private static ExampleProcess unpooled;
    private static String pooledDatabase;

    @BeforeAll
    static void startWithPoolingOnAndOff() {
        Path template = TinyDatabase.generate(directory);
        Path pooledFile = TinyDatabase.copy(template, "pooled.db");
        pooledDatabase = "jdbc:sqlite:" + pooledFile.toAbsolutePath().normalize();
        CompletableFuture<ExampleProcess> off = CompletableFuture.supplyAsync(() -> ExampleProcess.startWithAgent(
                TinyDatabase.copy(template, "unpooled.db"), "http.port=0", "pool.enabled=false"));
        try {
            pooled = ExampleProcess.startWithAgent(pooledFile, "http.port=0");
        } finally {
            unpooled = off.join();
        }
    }

    @AfterAll
    static void stopBoth() {
        if (pooled != null) {
            pooled.close();
        }
        if (unpooled != null) {
            unpooled.close();
        }
    }

    /** First: the concurrent test below writes to the pooled service only. */
    @Test
    @Order(1)
    void theSameWorkloadGivesTheSameResultsWithPoolingOnAndOff() {
        List<String> reads = List.of("/api/wikis/2", "/api/wikis/3", "/api/repos/1/wikis", "/api/repos/2/wikis?page_size=5",
                "/api/search?q=injection", "/api/search?q=token&owasp=A07", "/api/analytics/owasp-distribution",
                "/api/analytics/tag-frequency", "/api/wikis/999999", "/api/health");
        for (ExampleProcess example : List.of(pooled, unpooled)) {
            JsonNode original = ok(HttpJson.get(example.example("/api/wikis/2")));
            ok(HttpJson.sendJson("PUT", example.example("/api/wikis/2"), "{\"title\":\"Renamed while pooled\","
                    + "\"sections\":" + original.get("sections") + ",\"owasp_category\":\"A01\","
                    + "\"security_tags\":" + original.get("security_tags") + "}"));
        }
        for (String request : reads) {
            HttpJson.Reply expected = HttpJson.get(unpooled.example(request));
            HttpJson.Reply actual = HttpJson.get(pooled.example(request));
            assertEquals(expected.status(), actual.status(), () -> request + ": " + expected + " vs " + actual);
            assertEquals(withoutTimestamps(expected), withoutTimestamps(actual), request);
        }
        assertEquals("Renamed while pooled", ok(HttpJson.get(pooled.example("/api/wikis/2"))).get("title").asText());
        assertEquals(List.of(), poolsOf(unpooled), "pool.enabled=false pools nothing");
    }

    @Test
    @Order(2)
    void concurrentReadersAndWritersThroughTheApplicationLoseNothing() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(WRITERS + READERS);
        List<Future<Integer>> work = new ArrayList<>();
        try {
            for (int w = 0; w < WRITERS; w++) {
                long wiki = 10 + w;
                work.add(threads.submit(() -> {
                    JsonNode original = ok(HttpJson.get(pooled.example("/api/wikis/" + wiki)));
                    for (int i = 1; i <= UPDATES_PER_WRITER; i++) {
                        ok(HttpJson.sendJson("PUT", pooled.example("/api/wikis/" + wiki), "{\"title\":\"Revision " + i + "\","
                                + "\"sections\":" + original.get("sections") + ",\"owasp_category\":"
                                + original.get("owasp_category") + ",\"security_tags\":" + original.get("security_tags") + "}"));
                    }
                    return UPDATES_PER_WRITER;
                }));
            }
            for (int r = 0; r < READERS; r++) {
                work.add(threads.submit(() -> {
                    for (int i = 0; i < 60; i++) {
                        ok(HttpJson.get(pooled.example("/api/search?q=injection&page_size=5")));
                        ok(HttpJson.get(pooled.example("/api/wikis/" + (1 + i % 20))));
                    }
                    return 120;
                }));
            }
            for (Future<Integer> task : work) {
                assertTrue(task.get(120, TimeUnit.SECONDS) > 0);
            }
        } finally {
            threads.shutdownNow();
        }
        for (int w = 0; w < WRITERS; w++) {
            assertEquals("Revision " + UPDATES_PER_WRITER,
                    ok(HttpJson.get(pooled.example("/api/wikis/" + (10 + w)))).get("title").asText(), "the last write won");
        }

        List<JsonNode> pools = poolsOf(pooled);
        assertEquals(1, pools.size(), pools::toString);
        JsonNode pool = pools.get(0);
        assertEquals(pooledDatabase, pool.get("database").asText());
        assertTrue(pool.get("borrowed").asLong() >= WRITERS * UPDATES_PER_WRITER + READERS * 120L, pool::toString);
        assertEquals(0, pool.get("timeouts").asLong(), pool::toString);
        assertEquals("wal", pool.get("pragmas").get("journal_mode").asText(), pool::toString);
        JsonNode health = ok(HttpJson.get(pooled.sidecar("/health")));
        assertEquals("healthy", health.path("components").path("database").path("status").asText(), health::toString);
    }

    private static List<JsonNode> poolsOf(ExampleProcess example) {
        List<JsonNode> pools = new ArrayList<>();
        for (JsonNode database : ok(HttpJson.get(example.sidecar("/database/stats"))).get("databases")) {
            database.get("pools").forEach(pools::add);
        }
        return pools;
    }

    /** The example stamps writes with the clock: only those stamps may differ between the two. */
    private static String withoutTimestamps(HttpJson.Reply reply) {
        return reply.body().replaceAll("\"updated_at\":\"[^\"]*\"", "\"updated_at\":\"-\"");
    }

    private static JsonNode ok(HttpJson.Reply reply) {
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }
}
