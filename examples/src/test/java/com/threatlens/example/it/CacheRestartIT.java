package com.threatlens.example.it;

import static com.threatlens.example.it.CachedServiceIT.ok;
import static com.threatlens.example.it.CachedServiceIT.region;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk tier outlives the JVM: values cached before a restart are served after it without
 * running their method, unless the database changed while the service was down.
 */
class CacheRestartIT {

    @TempDir
    static Path directory;

    @Test
    void valuesOnDiskAreServedAfterARestartAndDroppedWhenTheDatabaseChangedMeanwhile() throws Exception {
        Path database = TinyDatabase.copy(TinyDatabase.generate(directory), "restart.db");
        Path disk = directory.resolve("disk");
        String original;
        try (ExampleProcess first = start(database, disk)) {
            original = ok(HttpJson.get(first.example("/api/wikis/21"))).get("title").asText();
            ok(HttpJson.get(first.example("/api/search?q=injection")));
            awaitDiskWrites(first, 2);
        }

        try (ExampleProcess second = start(database, disk)) {
            assertEquals(original, ok(HttpJson.get(second.example("/api/wikis/21"))).get("title").asText());
            ok(HttpJson.get(second.example("/api/search?q=injection")));
            JsonNode stats = ok(HttpJson.get(second.sidecar("/cache/stats")));
            if (stats.get("disk").get("hits").asLong() < 2) {
                throw second.failure("both values should have come from disk: " + stats.get("disk"));
            }
            assertEquals(0, region(stats, "wiki").get("average_load_ms").asDouble(), "no wiki was computed: " + stats);
            assertEquals(0, stats.get("memory").get("loads").asLong(), "no method ran: " + stats.get("memory"));
        }

        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
             PreparedStatement update = connection.prepareStatement("UPDATE security_wikis SET title = ? WHERE id = 21")) {
            update.setString(1, "changed while the service was down");
            assertEquals(1, update.executeUpdate());
        }

        try (ExampleProcess third = start(database, disk)) {
            assertEquals("changed while the service was down",
                    ok(HttpJson.get(third.example("/api/wikis/21"))).get("title").asText());
            JsonNode stats = ok(HttpJson.get(third.sidecar("/cache/stats")));
            assertEquals(0, stats.get("disk").get("hits").asLong(), "nothing stale came from disk: " + stats.get("disk"));
        }
    }

    private static ExampleProcess start(Path database, Path disk) {
        ExampleProcess example = ExampleProcess.startWithAgent(database, "http.port=0",
                "cache.rules=" + CachedServiceIT.RULES, "cache.disk.directory=" + disk);
        example.sidecarUrl();
        return example;
    }

    private static void awaitDiskWrites(ExampleProcess example, long writes) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        JsonNode disk;
        do {
            Thread.sleep(50);
            disk = ok(HttpJson.get(example.sidecar("/cache/stats"))).get("disk");
        } while (disk.get("writes").asLong() < writes && System.nanoTime() < deadline);
        assertTrue(disk.get("writes").asLong() >= writes, disk.toString());
    }
}
