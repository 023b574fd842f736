package com.threatlens.agent.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Batches: a prepared batch is one call of its statement, a plain batch one call per SQL string added. */
class BatchStatisticsIT {

    private static final String INSERT_EVENT = "INSERT INTO events(kind, payload) VALUES (?, ?)";

    @TempDir
    Path directory;

    private final Sidecar sidecar = Sidecar.get();
    private SqliteFile database;

    @BeforeEach
    void createTablesAndForgetTheSetUp() throws SQLException {
        database = SqliteFile.create(directory, "batches.db",
            "CREATE TABLE events (id INTEGER PRIMARY KEY AUTOINCREMENT, kind TEXT NOT NULL, payload TEXT)",
            "CREATE TABLE counters (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)",
            "INSERT INTO counters (id, n) VALUES (1, 0)");
        sidecar.reset();
    }

    @Test
    void aPreparedBatchIsOneCallWithARowForEveryParameterSetAdded() throws SQLException {
        int batchSize = 250;
        try (Connection connection = database.connect();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO events (kind, payload) VALUES (?, ?)")) {
            for (int i = 0; i < batchSize; i++) {
                insert.setString(1, "login");
                insert.setString(2, "payload-" + i);
                insert.addBatch();
            }
            int[] counts = insert.executeBatch();
            assertEquals(batchSize, counts.length);
            assertTrue(Arrays.stream(counts).allMatch(count -> count == 1), Arrays.toString(counts));
        }

        JsonNode insert = sidecar.statement(database.url(), INSERT_EVENT);
        assertEquals(1, insert.get("calls").asLong(), insert::toString);
        assertEquals(batchSize, insert.get("rows").asLong(), insert::toString);
        assertEquals("insert", insert.get("operation").asText());
        assertEquals(1, sidecar.statements(database.url()).size());
        assertEquals(batchSize, countRows("events"));
    }

    @Test
    void aPlainBatchCountsEachStatementAddedAsACallOfItsOwnShape() throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.addBatch("INSERT INTO events (kind, payload) VALUES ('login', 'alice')");
            statement.addBatch("UPDATE counters SET n = n + 1 WHERE id = 1");
            statement.addBatch("INSERT INTO events (kind, payload) VALUES ('logout', 'bob')");
            assertArrayEquals(new int[] {1, 1, 1}, statement.executeBatch());
        }

        JsonNode insert = sidecar.statement(database.url(), INSERT_EVENT);
        assertEquals(2, insert.get("calls").asLong(), insert::toString);
        assertEquals(2, insert.get("rows").asLong(), insert::toString);
        JsonNode update = sidecar.statement(database.url(), "UPDATE counters SET n = n + ? WHERE id = ?");
        assertEquals(1, update.get("calls").asLong(), update::toString);
        assertEquals(1, update.get("rows").asLong(), update::toString);
        assertEquals(2, sidecar.statements(database.url()).size());
        assertEquals(2, countRows("events"));
    }

    @Test
    void clearBatchDropsWhatWasAddedBefore() throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.addBatch("DELETE FROM counters");
            statement.addBatch("INSERT INTO events (kind, payload) VALUES ('dropped', 'x')");
            statement.clearBatch();
            statement.addBatch("UPDATE counters SET n = 41 WHERE id = 1");
            assertArrayEquals(new int[] {1}, statement.executeBatch());
            // a batch executed empty counts nothing
            assertArrayEquals(new int[0], statement.executeBatch());
        }

        List<JsonNode> statements = sidecar.statements(database.url());
        assertEquals(List.of("UPDATE counters SET n = ? WHERE id = ?"),
            statements.stream().map(row -> row.get("query").asText()).collect(Collectors.toList()));
        assertEquals(1, statements.get(0).get("calls").asLong());
        assertEquals(0, countRows("events"));
        assertEquals(1, countRows("counters"));
    }

    @Test
    void aBatchOfAPlainStatementAfterItsBatchRanStartsEmpty() throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.addBatch("UPDATE counters SET n = n + 1 WHERE id = 1");
            statement.executeBatch();
            statement.addBatch("INSERT INTO events (kind, payload) VALUES ('second', 'batch')");
            statement.executeBatch();
        }

        assertEquals(1, sidecar.statement(database.url(), "UPDATE counters SET n = n + ? WHERE id = ?").get("calls").asLong());
        assertEquals(1, sidecar.statement(database.url(), INSERT_EVENT).get("calls").asLong());
    }

    private long countRows(String table) throws SQLException {
        try (Connection connection = database.connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
