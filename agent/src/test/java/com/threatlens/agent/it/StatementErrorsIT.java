package com.threatlens.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A statement that throws reaches the application unchanged and counts as an error of its statement. */
class StatementErrorsIT {

    @TempDir
    Path directory;

    private final Sidecar sidecar = Sidecar.get();
    private SqliteFile database;

    @BeforeEach
    void createUsersAndForgetTheSetUp() throws SQLException {
        database = SqliteFile.create(directory, "errors.db",
            "CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL UNIQUE)");
        sidecar.reset();
    }

    @Test
    void aSyntaxErrorReachesTheApplicationAndCountsAsAnErrorWithItsSqlState() throws SQLException {
        SQLException thrown;
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            thrown = assertThrows(SQLException.class, () -> statement.executeQuery("SELEC email FROM users WHERE id = 1"));
        }
        assertEquals("org.sqlite.SQLiteException", thrown.getClass().getName());
        assertEquals("[SQLITE_ERROR] SQL error or missing database (near \"SELEC\": syntax error)", thrown.getMessage());
        assertEquals(1, thrown.getErrorCode());
        // sqlite-jdbc gives no SQLState: the agent counts such errors under "none"
        assertNull(thrown.getSQLState());

        JsonNode failed = sidecar.statement(database.url(), "SELEC email FROM users WHERE id = ?");
        assertEquals(1, failed.get("calls").asLong(), failed::toString);
        assertEquals(1, failed.get("errors").asLong(), failed::toString);
        assertEquals(0, failed.get("rows").asLong(), failed::toString);
        assertEquals(sqlStateKey(thrown), onlySqlState(failed));
        assertEquals("{\"none\":1}", failed.get("errors_by_sqlstate").toString(), failed::toString);
    }

    @Test
    void aConstraintViolationCountsAsOneErrorAmongTheCallsOfItsStatement() throws SQLException {
        SQLException thrown;
        try (Connection connection = database.connect();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO users (id, email) VALUES (?, ?)")) {
            insert.setInt(1, 1);
            insert.setString(2, "alice@example.org");
            assertEquals(1, insert.executeUpdate());
            insert.setInt(1, 2);
            insert.setString(2, "bob@example.org");
            assertEquals(1, insert.executeUpdate());
            insert.setInt(1, 3);
            insert.setString(2, "alice@example.org");
            thrown = assertThrows(SQLException.class, insert::executeUpdate);
        }
        assertEquals("org.sqlite.SQLiteException", thrown.getClass().getName());
        assertTrue(thrown.getMessage().contains("UNIQUE constraint failed: users.email"), thrown.getMessage());
        assertEquals("[SQLITE_CONSTRAINT_UNIQUE] A UNIQUE constraint failed (UNIQUE constraint failed: users.email)",
            thrown.getMessage());

        JsonNode insert = sidecar.statement(database.url(), "INSERT INTO users(id, email) VALUES (?, ?)");
        assertEquals(3, insert.get("calls").asLong(), insert::toString);
        assertEquals(1, insert.get("errors").asLong(), insert::toString);
        assertEquals(2, insert.get("rows").asLong(), insert::toString);
        assertEquals(sqlStateKey(thrown), onlySqlState(insert));
    }

    @Test
    void errorsOfEveryStatementAddUpInTheDatabaseSummary() throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            for (int i = 0; i < 3; i++) {
                assertThrows(SQLException.class, () -> statement.executeQuery("SELECT * FROM missing_table"));
            }
            assertThrows(SQLException.class, () -> statement.executeUpdate("UPDATE users SET no_such_column = 1"));
            assertEquals(0, statement.executeUpdate("DELETE FROM users"));
        }

        assertEquals(3, sidecar.statement(database.url(), "SELECT * FROM missing_table").get("errors").asLong());
        assertEquals(1, sidecar.statement(database.url(), "UPDATE users SET no_such_column = ?").get("errors").asLong());
        assertEquals(0, sidecar.statement(database.url(), "DELETE FROM users").get("errors").asLong());
        JsonNode stats = sidecar.json("/database/stats");
        JsonNode thisDatabase = null;
        for (JsonNode row : stats.get("databases")) {
            if (row.get("url").asText().equals(database.url())) {
                thisDatabase = row;
            }
        }
        assertNotNull(thisDatabase, stats::toString);
        assertEquals(4, thisDatabase.get("errors").asLong(), thisDatabase::toString);
        // the test's 5 calls: pooled connections run no set-up statement of the application's
        assertEquals(5, thisDatabase.get("calls").asLong(), thisDatabase::toString);
        assertTrue(stats.get("summary").get("errors").asLong() >= 4, stats::toString);
    }

    /** The key under which the agent counts an exception: its SQLState, or "none" when the driver gives none. */
    private static String sqlStateKey(SQLException thrown) {
        return thrown.getSQLState() == null ? "none" : thrown.getSQLState();
    }

    private static String onlySqlState(JsonNode statement) {
        JsonNode states = statement.get("errors_by_sqlstate");
        assertEquals(1, states.size(), statement::toString);
        return states.fieldNames().next();
    }
}
