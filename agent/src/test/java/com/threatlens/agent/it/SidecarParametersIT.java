package com.threatlens.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The statistics endpoints answer their parameters, and refuse bad ones with a 400 that names them. */
class SidecarParametersIT {

    @TempDir
    Path directory;

    private final Sidecar sidecar = Sidecar.get();

    @ParameterizedTest(name = "{0} is refused, naming {1}")
    @CsvSource({
        "/queries?limit=-1, limit",
        "/queries?limit=abc, limit",
        "/queries?limit=0, limit",
        "/queries?sort=bogus, sort",
        "/queries?limt=10, limt",
        "/query-analysis?threshold_ms=0, threshold_ms",
        "/query-analysis?threshold_ms=slow, threshold_ms",
        "/database/stats?top=0, top",
        "/database/stats/reset?now=1, now",
    })
    void aBadParameterIsA400NamingIt(String pathAndQuery, String parameter) {
        Sidecar.Reply reply = pathAndQuery.contains("/reset") ? sidecar.post(pathAndQuery) : sidecar.get(pathAndQuery);

        assertEquals(400, reply.status(), reply::toString);
        assertTrue(reply.contentType().startsWith("application/json"), reply::toString);
        JsonNode error = reply.json();
        assertEquals("bad_parameter", error.get("error").asText(), reply::toString);
        assertTrue(error.get("detail").asText().startsWith(parameter + ": "), reply::toString);
        assertEquals(2, error.size(), reply::toString);
    }

    @Test
    void queriesAreSortedLimitedAndFilteredByDatabase() throws SQLException {
        SqliteFile database = SqliteFile.create(directory, "parameters.db", "CREATE TABLE t (id INTEGER PRIMARY KEY)");
        SqliteFile other = SqliteFile.create(directory, "other.db", "CREATE TABLE t (id INTEGER PRIMARY KEY)");
        sidecar.reset();
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            for (int i = 0; i < 3; i++) {
                statement.executeQuery("SELECT id FROM t").close();
            }
            for (int i = 0; i < 2; i++) {
                statement.executeUpdate("INSERT INTO t (id) VALUES (" + (i + 1) + ")");
            }
            statement.executeUpdate("DELETE FROM t WHERE id = 1");
        }
        try (Connection connection = other.connect(); Statement statement = connection.createStatement()) {
            for (int i = 0; i < 10; i++) {
                statement.executeQuery("SELECT id FROM t").close();
            }
        }

        JsonNode page = sidecar.json("/queries?sort=calls&limit=2&database=" + Sidecar.encode(database.url()));
        assertEquals("calls", page.get("sort").asText());
        // the test's 3 statements: pooled connections run no set-up statement of the application's
        assertEquals(3, page.get("total_statements").asInt(), page::toString);
        assertEquals(2, page.get("statements").size(), page::toString);
        assertEquals(List.of("SELECT id FROM t", "INSERT INTO t(id) VALUES (?)"),
            page.get("statements").findValuesAsText("query"), page::toString);
        assertEquals(List.of("3", "2"), page.get("statements").findValuesAsText("calls"), page::toString);
        for (JsonNode row : page.get("statements")) {
            assertEquals(database.url(), row.get("database").asText());
        }

        JsonNode byRows = sidecar.json("/queries?sort=rows&limit=1&database=" + Sidecar.encode(database.url()));
        assertEquals("INSERT INTO t(id) VALUES (?)", byRows.get("statements").get(0).get("query").asText(), byRows::toString);

        JsonNode everywhere = sidecar.json("/queries?sort=calls&limit=1");
        assertEquals(other.url(), everywhere.get("statements").get(0).get("database").asText(), everywhere::toString);
        assertEquals(10, everywhere.get("statements").get(0).get("calls").asLong(), everywhere::toString);

        JsonNode nowhere = sidecar.json("/queries?database=" + Sidecar.encode("jdbc:sqlite:/no/such.db"));
        assertEquals(0, nowhere.get("total_statements").asInt(), nowhere::toString);
        assertEquals(0, nowhere.get("statements").size(), nowhere::toString);

        JsonNode stats = sidecar.json("/database/stats?top=1");
        // Databases of earlier tests are still listed for their connection pools, without statements.
        List<JsonNode> withStatements = new java.util.ArrayList<>();
        stats.get("databases").forEach(row -> {
            if (row.get("calls").asLong() > 0) {
                withStatements.add(row);
            }
        });
        assertEquals(2, withStatements.size(), stats::toString);
        for (JsonNode row : withStatements) {
            assertEquals(1, row.get("top_statements").size(), row::toString);
            long expectedCalls = row.get("url").asText().equals(other.url()) ? 10 : 3 + 2 + 1;
            assertEquals(expectedCalls, row.get("calls").asLong(), row::toString);
            assertEquals(row.get("url").asText(), row.get("pools").get(0).get("database").asText(), row::toString);
        }
        assertEquals(3 + 2 + 1 + 10, stats.get("summary").get("queries").asLong(), stats::toString);
    }
}
