package com.threatlens.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With {@code sql.capture-literals} at its default (off), no literal value leaves the application. */
class LiteralCaptureIT {

    private static final String SECRET = "secret-value-123";

    @TempDir
    Path directory;

    private final Sidecar sidecar = Sidecar.get();
    private SqliteFile database;

    @BeforeEach
    void createSecretsAndForgetTheSetUp() throws SQLException {
        database = SqliteFile.create(directory, "secrets.db",
            "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL)",
            "INSERT INTO t (id, name) VALUES (1, 'x')");
        sidecar.reset();
    }

    @Test
    void aLiteralOfAFastOrASlowQueryAppearsInNoEndpointAndNoLogLine() throws SQLException {
        String log = SlowQueryIT.capturingStandardError(() -> {
            try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
                try (ResultSet rows = statement.executeQuery("SELECT * FROM t WHERE name = '" + SECRET + "'")) {
                    assertFalse(rows.next());
                }
                String slow = "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000) "
                    + "SELECT count(*) FROM c WHERE x > (SELECT count(*) FROM t WHERE name = '" + SECRET + "')";
                assertEquals(1_000_000L, SlowQueryIT.single(statement.executeQuery(slow)));
            }
        });

        assertTrue(log.contains("slow query"), "the slow query was logged: " + log);
        assertFalse(log.contains(SECRET), log);

        JsonNode fast = sidecar.statement(database.url(), "SELECT * FROM t WHERE name = ?");
        assertEquals(1, fast.get("calls").asLong());
        JsonNode analysis = sidecar.json("/query-analysis?threshold_ms=1");
        boolean sampled = false;
        for (JsonNode statement : analysis.get("statements")) {
            for (JsonNode sample : statement.get("recent_samples")) {
                if (sample.get("database").asText().equals(database.url())) {
                    sampled = true;
                    assertTrue(sample.get("sql").isNull(), sample::toString);
                }
            }
        }
        assertTrue(sampled, analysis::toString);

        for (String pathAndQuery : List.of("/queries?limit=10000", "/queries?database=" + Sidecar.encode(database.url()),
                "/query-analysis?threshold_ms=1", "/database/stats?top=100", "/metrics", "/metrics/prometheus")) {
            Sidecar.Reply reply = sidecar.get(pathAndQuery);
            assertEquals(200, reply.status(), reply::toString);
            assertFalse(reply.body().contains(SECRET), reply::toString);
            assertFalse(reply.body().contains("secret-value"), reply::toString);
        }
    }
}
