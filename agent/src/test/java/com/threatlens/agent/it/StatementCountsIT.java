package com.threatlens.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Exact call and row counts of a known workload on a real SQLite file. */
class StatementCountsIT {

    private static final int ITEMS = 1_000;

    @TempDir
    Path directory;

    private final Sidecar sidecar = Sidecar.get();
    private SqliteFile database;

    @BeforeEach
    void createItemsAndForgetTheSetUp() throws SQLException {
        database = SqliteFile.create(directory, "counts.db",
            "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score INTEGER NOT NULL)");
        try (Connection connection = database.connect();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO items (id, name, score) VALUES (?, ?, ?)")) {
            connection.setAutoCommit(false);
            for (int id = 1; id <= ITEMS; id++) {
                insert.setInt(1, id);
                insert.setString(2, "item-" + id);
                insert.setInt(3, id % 100);
                insert.addBatch();
            }
            insert.executeBatch();
            connection.commit();
        }
        sidecar.reset();
    }

    @Test
    void aPreparedSelectRunWithDifferentValuesIsOneStatementWithEveryCallAndRow() throws SQLException {
        int executions = 25;
        long rowsReturned = 0;
        try (Connection connection = database.connect();
             PreparedStatement select = connection.prepareStatement("select id, name from items where score < ?")) {
            for (int limit = 0; limit < executions; limit++) {
                select.setInt(1, limit);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        rowsReturned++;
                    }
                }
            }
        }
        // score = id % 100 and ids 1..1000: each score value is held by 10 rows
        assertEquals(10L * (executions - 1) * executions / 2, rowsReturned);

        List<JsonNode> statements = sidecar.statements(database.url());
        assertEquals(1, statements.size(), statements::toString);
        JsonNode select = statements.get(0);
        assertEquals("SELECT id, name FROM items WHERE score < ?", select.get("query").asText());
        assertEquals(fnv1a(select.get("query").asText()), select.get("id").asText());
        assertEquals(database.url(), select.get("database").asText());
        assertEquals("select", select.get("operation").asText());
        assertEquals("[\"items\"]", select.get("tables").toString());
        assertEquals(executions, select.get("calls").asLong());
        assertEquals(rowsReturned, select.get("rows").asLong());
        assertEquals(0, select.get("errors").asLong());
        assertEquals(0, select.get("errors_by_sqlstate").size());
        assertEquals(select.get("total_ms").asDouble() / executions, select.get("mean_ms").asDouble(), 1e-6);
        assertTrue(select.get("min_ms").asDouble() <= select.get("max_ms").asDouble(), select::toString);
    }

    @Test
    void inlineLiteralsOfAPlainStatementNormalizeToOneStatementThatHoldsNoneOfTheirValues() throws SQLException {
        int executions = 20;
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            for (int id = 1; id <= executions; id++) {
                try (ResultSet rows = statement.executeQuery(
                        "SELECT id, name FROM items WHERE id = " + (id * 37) + " AND name <> 'zebra-literal-" + id + "'")) {
                    assertTrue(rows.next());
                    assertEquals(id * 37, rows.getInt(1));
                    assertEquals("item-" + (id * 37), rows.getString(2));
                    assertFalse(rows.next());
                }
            }
        }

        List<JsonNode> statements = sidecar.statements(database.url());
        assertEquals(1, statements.size(), statements::toString);
        JsonNode select = statements.get(0);
        assertEquals("SELECT id, name FROM items WHERE id = ? AND name <> ?", select.get("query").asText());
        assertEquals(executions, select.get("calls").asLong());
        assertEquals(executions, select.get("rows").asLong());

        for (String body : List.of(
                sidecar.get("/queries?limit=10000").body(),
                sidecar.get("/database/stats?top=100").body(),
                sidecar.get("/query-analysis?threshold_ms=1").body())) {
            assertFalse(body.contains("zebra-literal"), body);
        }
    }

    @Test
    void executeUpdateCountsEveryCallAndTheRowsItChanged() throws SQLException {
        int changedByPrepared = 0;
        int deleted;
        try (Connection connection = database.connect()) {
            try (PreparedStatement update = connection.prepareStatement("UPDATE items SET score = score + 1 WHERE id <= ?")) {
                for (int upTo : new int[] {10, 20, 30}) {
                    update.setInt(1, upTo);
                    int changed = update.executeUpdate();
                    assertEquals(upTo, changed);
                    changedByPrepared += changed;
                }
            }
            try (Statement statement = connection.createStatement()) {
                deleted = statement.executeUpdate("DELETE FROM items WHERE id > 990");
                assertEquals(10, deleted);
                assertEquals(0, statement.executeUpdate("DELETE FROM items WHERE id > 5000"));
            }
        }

        JsonNode update = sidecar.statement(database.url(), "UPDATE items SET score = score + ? WHERE id <= ?");
        assertEquals(3, update.get("calls").asLong());
        assertEquals(changedByPrepared, update.get("rows").asLong());
        assertEquals(60, update.get("rows").asLong());
        assertEquals("update", update.get("operation").asText());

        JsonNode delete = sidecar.statement(database.url(), "DELETE FROM items WHERE id > ?");
        assertEquals(2, delete.get("calls").asLong());
        assertEquals(deleted, delete.get("rows").asLong());
        assertEquals("delete", delete.get("operation").asText());
        assertEquals(2, sidecar.statements(database.url()).size());
    }

    @Test
    void inListsOfAnyLengthShareOneStatement() throws SQLException {
        StringJoiner hundred = new StringJoiner(",", "(", ")");
        for (int id = 1; id <= 100; id++) {
            hundred.add(Integer.toString(id));
        }
        try (Connection connection = database.connect()) {
            try (Statement statement = connection.createStatement()) {
                assertEquals(1, count(statement.executeQuery("SELECT id FROM items WHERE id IN (1)")));
                assertEquals(100, count(statement.executeQuery("SELECT id FROM items WHERE id IN " + hundred)));
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT id FROM items WHERE id IN (?, ?, ?)")) {
                select.setInt(1, 5);
                select.setInt(2, 6);
                select.setInt(3, 7);
                assertEquals(3, count(select.executeQuery()));
            }
        }

        List<JsonNode> statements = sidecar.statements(database.url());
        assertEquals(1, statements.size(), statements::toString);
        JsonNode select = statements.get(0);
        assertEquals("SELECT id FROM items WHERE id IN (?)", select.get("query").asText());
        assertEquals(3, select.get("calls").asLong());
        assertEquals(104, select.get("rows").asLong());
    }

    @Test
    void executeOfAPreparedSelectCountsOnceHoweverTheDriverImplementsIt() throws SQLException {
        try (Connection connection = database.connect();
             PreparedStatement select = connection.prepareStatement("SELECT name FROM items WHERE id = ?")) {
            for (int id = 1; id <= 5; id++) {
                select.setInt(1, id);
                assertTrue(select.execute());
                try (ResultSet rows = select.getResultSet()) {
                    assertTrue(rows.next());
                    assertEquals("item-" + id, rows.getString(1));
                }
            }
            try (Statement statement = connection.createStatement()) {
                for (int i = 0; i < 3; i++) {
                    assertTrue(statement.execute("SELECT count(*) FROM items"));
                    try (ResultSet rows = statement.getResultSet()) {
                        assertTrue(rows.next());
                        assertEquals(ITEMS, rows.getInt(1));
                    }
                }
            }
        }

        assertEquals(5, sidecar.statement(database.url(), "SELECT name FROM items WHERE id = ?").get("calls").asLong());
        assertEquals(3, sidecar.statement(database.url(), "SELECT count(*) FROM items").get("calls").asLong());
        assertEquals(2, sidecar.statements(database.url()).size());
    }

    @Test
    void aFullyIteratedResultSetCountsEveryRowAndTimesBothPhases() throws SQLException {
        try (Connection connection = database.connect();
             PreparedStatement select = connection.prepareStatement("SELECT id, name, score FROM items ORDER BY id");
             ResultSet rows = select.executeQuery()) {
            int expectedId = 1;
            while (rows.next()) {
                assertEquals(expectedId, rows.getInt("id"));
                assertEquals("item-" + expectedId, rows.getString("name"));
                assertEquals(expectedId % 100, rows.getInt("score"));
                expectedId++;
            }
            assertEquals(ITEMS + 1, expectedId);
        }

        JsonNode select = sidecar.statement(database.url(), "SELECT id, name, score FROM items ORDER BY id");
        assertEquals(1, select.get("calls").asLong());
        assertEquals(ITEMS, select.get("rows").asLong());
        double executeMs = select.get("execute_ms").asDouble();
        double fetchMs = select.get("fetch_ms").asDouble();
        assertTrue(executeMs > 0, select::toString);
        assertTrue(fetchMs > 0, select::toString);
        assertEquals(executeMs + fetchMs, select.get("total_ms").asDouble(), 1e-6, select::toString);
        assertEquals(select.get("total_ms").asDouble(), select.get("max_ms").asDouble(), 1e-6, select::toString);
    }

    @Test
    void aResultSetClosedEarlyCountsOnlyTheRowsRead() throws SQLException {
        try (Connection connection = database.connect();
             PreparedStatement select = connection.prepareStatement("SELECT id FROM items ORDER BY id")) {
            try (ResultSet rows = select.executeQuery()) {
                for (int i = 1; i <= 10; i++) {
                    assertTrue(rows.next());
                    assertEquals(i, rows.getInt(1));
                }
            }
        }

        JsonNode select = sidecar.statement(database.url(), "SELECT id FROM items ORDER BY id");
        assertEquals(1, select.get("calls").asLong());
        assertEquals(10, select.get("rows").asLong());
    }

    @Test
    void aResultSetLeftOpenWhileAnotherQueryRunsCountsAllItsRowsOnceClosed() throws SQLException {
        try (Connection connection = database.connect();
             PreparedStatement select = connection.prepareStatement("SELECT id FROM items ORDER BY id DESC");
             PreparedStatement other = connection.prepareStatement("SELECT count(*) FROM items")) {
            ResultSet open = select.executeQuery();
            for (int i = 0; i < 7; i++) {
                assertTrue(open.next());
            }
            assertEquals(1, count(other.executeQuery()));
            for (int i = 0; i < 3; i++) {
                assertTrue(open.next());
            }
            open.close();
        }

        JsonNode select = sidecar.statement(database.url(), "SELECT id FROM items ORDER BY id DESC");
        assertEquals(1, select.get("calls").asLong());
        assertEquals(10, select.get("rows").asLong());
        JsonNode other = sidecar.statement(database.url(), "SELECT count(*) FROM items");
        assertEquals(1, other.get("calls").asLong());
        assertEquals(1, other.get("rows").asLong());
    }

    @Test
    void rowsOfASelectRunThroughExecuteAreCountedAsTheyAreRead() throws SQLException {
        try (Connection connection = database.connect();
             PreparedStatement select = connection.prepareStatement("SELECT id FROM items WHERE id <= ?")) {
            select.setInt(1, 40);
            assertTrue(select.execute());
            assertEquals(40, count(select.getResultSet()));
        }

        JsonNode select = sidecar.statement(database.url(), "SELECT id FROM items WHERE id <= ?");
        assertEquals(1, select.get("calls").asLong(), select::toString);
        assertEquals(40, select.get("rows").asLong(), select::toString);
    }

    @Test
    void rowsChangedByAStatementRunThroughExecuteAreCounted() throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            assertFalse(statement.execute("DELETE FROM items WHERE id > 995"));
            assertEquals(5, statement.getUpdateCount());
        }

        JsonNode delete = sidecar.statement(database.url(), "DELETE FROM items WHERE id > ?");
        assertEquals(1, delete.get("calls").asLong(), delete::toString);
        assertEquals(5, delete.get("rows").asLong(), delete::toString);
    }

    @Test
    void theDriversOwnConnectionSetUpIsCountedOncePerUnpooledConnection() throws SQLException {
        SqliteFile unpooled = SqliteFile.create(directory, SqliteFile.UNPOOLED);
        sidecar.reset();
        for (int i = 0; i < 4; i++) {
            unpooled.connect().close();
        }

        List<JsonNode> statements = sidecar.allStatements(unpooled.url());
        assertEquals(1, statements.size(), statements::toString);
        assertEquals(Sidecar.DRIVER_CONNECTION_SETUP, statements.get(0).get("query").asText());
        assertEquals("other", statements.get(0).get("operation").asText());
        assertEquals(4, statements.get(0).get("calls").asLong());
    }

    @Test
    void pooledConnectionsRunNoStatementTheApplicationDidNotRun() throws SQLException {
        for (int i = 0; i < 4; i++) {
            database.connect().close();
        }

        assertEquals(List.of(), sidecar.allStatements(database.url()),
            "opening, tuning, validating and checking pooled connections is the agent's work, not the application's");
    }

    @Test
    void aPreparedStatementKeptOpenAcrossAResetCountsOnlyWhatRunsAfterIt() throws SQLException {
        try (Connection connection = database.connect();
             PreparedStatement select = connection.prepareStatement("SELECT name FROM items WHERE id = ?")) {
            for (int id = 1; id <= 3; id++) {
                select.setInt(1, id);
                assertEquals(1, count(select.executeQuery()));
            }
            sidecar.reset();
            assertTrue(sidecar.allStatements(database.url()).isEmpty());
            for (int id = 1; id <= 2; id++) {
                select.setInt(1, id);
                assertEquals(1, count(select.executeQuery()));
            }
        }

        JsonNode select = sidecar.statement(database.url(), "SELECT name FROM items WHERE id = ?");
        assertEquals(2, select.get("calls").asLong(), select::toString);
        assertEquals(2, select.get("rows").asLong(), select::toString);
    }

    @Test
    void rowsOfAnOuterResultSetReadAroundInnerQueriesAreAllCounted() throws SQLException {
        int orders = 0;
        try (Connection connection = database.connect();
             PreparedStatement outer = connection.prepareStatement("SELECT id FROM items WHERE id <= ? ORDER BY id");
             PreparedStatement inner = connection.prepareStatement("SELECT name FROM items WHERE id = ?")) {
            outer.setInt(1, 10);
            try (ResultSet ids = outer.executeQuery()) {
                while (ids.next()) {
                    inner.setInt(1, ids.getInt(1));
                    try (ResultSet names = inner.executeQuery()) {
                        assertTrue(names.next());
                        assertEquals("item-" + ids.getInt(1), names.getString(1));
                    }
                    orders++;
                }
            }
        }
        assertEquals(10, orders);

        JsonNode inner = sidecar.statement(database.url(), "SELECT name FROM items WHERE id = ?");
        assertEquals(10, inner.get("calls").asLong(), inner::toString);
        assertEquals(10, inner.get("rows").asLong(), inner::toString);
        JsonNode outer = sidecar.statement(database.url(), "SELECT id FROM items WHERE id <= ? ORDER BY id");
        assertEquals(1, outer.get("calls").asLong(), outer::toString);
        assertEquals(10, outer.get("rows").asLong(), outer::toString);
    }

    @Test
    void theDatabaseIsReportedWithoutTheDriverPropertiesOfItsUrl() throws SQLException {
        try (Connection connection = DriverManager.getConnection(database.url() + "?busy_timeout=4321");
             Statement statement = connection.createStatement()) {
            assertEquals(ITEMS, count(statement.executeQuery("SELECT id FROM items")));
        }

        JsonNode select = sidecar.statement(database.url(), "SELECT id FROM items");
        assertEquals(database.url(), select.get("database").asText());
        assertEquals(1, select.get("calls").asLong(), select::toString);
        assertFalse(sidecar.get("/queries?limit=10000").body().contains("4321"));
    }

    private static int count(ResultSet rows) throws SQLException {
        try (rows) {
            int count = 0;
            while (rows.next()) {
                count++;
            }
            return count;
        }
    }

    /** FNV-1a 64 of the UTF-8 bytes, as 16 lower-case hex digits: the agent's statement id. */
    static String fnv1a(String text) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x100000001b3L;
        }
        return String.format("%016x", hash);
    }
}
