package com.threatlens.agent.pool;

import static com.threatlens.agent.testing.SqliteChecks.count;
import static com.threatlens.agent.testing.SqliteChecks.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.JDBC;
import org.sqlite.jdbc4.JDBC4PreparedStatement;

import com.threatlens.agent.config.AgentConfig;
import com.threatlens.agent.jdbc.InternalSql;
import com.threatlens.sidecar.pools.PoolRow;

/**
 * Statements kept per pooled connection, on a real SQLite file through the real driver and
 * HikariCP: what one borrower did to a statement must never show to the next.
 */
class StatementCacheTest {

    @TempDir
    Path directory;

    private final JDBC driver = new JDBC();
    private final AtomicLong schemaChanges = new AtomicLong();
    private PoolFeature feature;
    private String url;

    @BeforeEach
    void createTable() throws SQLException {
        url = "jdbc:sqlite:" + directory.resolve("statements.db");
        try (Connection setup = DriverManager.getConnection(url)) {
            execute(setup, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
            execute(setup, "INSERT INTO notes (id, body) VALUES (1, 'one'), (2, 'two'), (3, 'three')");
        }
    }

    @AfterEach
    void closePools() {
        if (feature != null) {
            feature.pools.close();
        }
    }

    /** One physical connection, so that every borrow gets the statements of the one before. */
    private void start(String... settings) {
        Map<String, String> properties = new HashMap<>(Map.of("threatlens.perf.pool.max-size", "1",
            "threatlens.perf.pool.min-idle", "1"));
        for (int i = 0; i < settings.length; i += 2) {
            properties.put("threatlens.perf." + settings[i], settings[i + 1]);
        }
        AgentConfig config = AgentConfig.load("", properties, Map.of());
        assertTrue(config.problems().isEmpty(), config.problems().toString());
        feature = new PoolFeature(config, InternalSql.DIRECT, new StatementSignals(() -> 0, schemaChanges::get), null,
            System::currentTimeMillis);
    }

    private Connection borrow() {
        Object answer = feature.pools.driverConnect(driver, url, new Properties());
        assertInstanceOf(Connection.class, answer);
        return (Connection) answer;
    }

    private PoolRow pool() {
        return feature.pools().get(0);
    }

    private static String bodyOf(PreparedStatement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery()) {
            return row.next() ? row.getString(1) : null;
        }
    }

    @Test
    void aStatementPreparedAgainOnTheSameConnectionIsReusedWithItsParametersCleared() throws SQLException {
        start();
        String sql = "SELECT body FROM notes WHERE id = ?";
        try (Connection connection = borrow(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, 2);
            assertEquals("two", bodyOf(statement));
        }
        try (Connection connection = borrow(); PreparedStatement statement = connection.prepareStatement(sql)) {
            // The first borrower's 2 is gone: an unset parameter is NULL, as on a new statement.
            assertEquals(null, bodyOf(statement));
            statement.setInt(1, 3);
            assertEquals("three", bodyOf(statement));
            assertSame(connection, statement.getConnection());
            assertNotNull(statement.unwrap(JDBC4PreparedStatement.class));
        }
        assertEquals(1, pool().statementsReused());
        assertEquals(1, pool().statementsPrepared());
    }

    @Test
    void aResultSetLeftOpenIsClosedSoTheNextBorrowerSeesLaterWrites() throws SQLException {
        start();
        Connection first = borrow();
        PreparedStatement scan = first.prepareStatement("SELECT id FROM notes ORDER BY id");
        ResultSet rows = scan.executeQuery();
        assertTrue(rows.next());
        // Neither the result set nor the statement is closed: the connection's close must end
        // the read, or SQLite would keep serving the snapshot it began.
        first.close();
        assertTrue(scan.isClosed());
        assertThrows(SQLException.class, scan::executeQuery);

        try (Connection writer = DriverManager.getConnection(url)) {
            execute(writer, "INSERT INTO notes (id, body) VALUES (4, 'four')");
        }
        try (Connection second = borrow()) {
            // Another statement on the same connection: it shares any read the first left open.
            assertEquals(4, count(second, "SELECT count(*) FROM notes"));
            try (PreparedStatement again = second.prepareStatement("SELECT id FROM notes ORDER BY id");
                 ResultSet all = again.executeQuery()) {
                assertTrue(all.next());
            }
        }
        assertEquals(1, pool().statementsReused());
    }

    @Test
    void aStatementWhoseSettingsChangedIsClosedInsteadOfKept() throws SQLException {
        start();
        String sql = "SELECT id FROM notes ORDER BY id";
        try (Connection connection = borrow(); PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setMaxRows(1);
            try (ResultSet rows = statement.executeQuery()) {
                assertTrue(rows.next());
                assertFalse(rows.next());
            }
        }
        try (Connection connection = borrow(); PreparedStatement statement = connection.prepareStatement(sql);
             ResultSet rows = statement.executeQuery()) {
            int seen = 0;
            while (rows.next()) {
                seen++;
            }
            assertEquals(3, seen, "no row limit carried over");
        }
        assertEquals(0, pool().statementsReused());
        assertEquals(2, pool().statementsPrepared());
    }

    /** The columns of {@code SELECT *} on the notes, read through a pooled connection's statement. */
    private List<String> columnsOfSelectAll() throws SQLException {
        try (Connection connection = borrow();
             PreparedStatement statement = connection.prepareStatement("SELECT * FROM notes WHERE id = 1");
             ResultSet row = statement.executeQuery()) {
            assertTrue(row.next());
            List<String> names = new ArrayList<>();
            for (int column = 1; column <= row.getMetaData().getColumnCount(); column++) {
                names.add(row.getMetaData().getColumnName(column));
            }
            return names;
        }
    }

    @Test
    void aSchemaChangeInThisJvmPreparesTheStatementsAgain() throws SQLException {
        start();
        assertEquals(List.of("id", "body"), columnsOfSelectAll());
        try (Connection connection = borrow()) {
            execute(connection, "ALTER TABLE notes ADD COLUMN tags TEXT");
        }
        schemaChanges.incrementAndGet();
        assertEquals(List.of("id", "body", "tags"), columnsOfSelectAll());
        assertEquals(0, pool().statementsReused());
    }

    @Test
    void aSchemaChangeByAnotherProcessIsLeftToSqlitesOwnReprepare() throws SQLException {
        start();
        assertEquals(List.of("id", "body"), columnsOfSelectAll());
        try (Connection other = DriverManager.getConnection(url)) {
            execute(other, "ALTER TABLE notes ADD COLUMN tags TEXT");
        }
        assertEquals(List.of("id", "body", "tags"), columnsOfSelectAll());
        assertEquals(1, pool().statementsReused());
    }

    @Test
    void aTableDroppedInThisJvmFailsAtPrepareAsWithoutTheCache() throws SQLException {
        start();
        String sql = "SELECT body FROM notes";
        try (Connection connection = borrow(); PreparedStatement statement = connection.prepareStatement(sql)) {
            assertEquals("one", bodyOf(statement));
        }
        try (Connection connection = borrow()) {
            execute(connection, "DROP TABLE notes");
        }
        schemaChanges.incrementAndGet();
        try (Connection connection = borrow()) {
            SQLException noTable = assertThrows(SQLException.class, () -> connection.prepareStatement(sql));
            assertTrue(noTable.getMessage().contains("no such table"), noTable.getMessage());
        }
    }

    @Test
    void preparingInATransactionDoesNotBeginIt() throws SQLException {
        start();
        try (Connection connection = borrow(); PreparedStatement statement =
                 connection.prepareStatement("SELECT body FROM notes WHERE id = 1")) {
            assertEquals("one", bodyOf(statement));
        }
        schemaChanges.incrementAndGet();
        try (Connection connection = borrow()) {
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement("UPDATE notes SET body = ? WHERE id = 1")) {
                // Another writer commits between the prepare and the first statement: had the
                // prepare read anything, the transaction's snapshot would predate that commit
                // and SQLite would refuse its write at once (SQLITE_BUSY_SNAPSHOT).
                try (Connection other = DriverManager.getConnection(url)) {
                    execute(other, "UPDATE notes SET body = 'other' WHERE id = 2");
                }
                update.setString(1, "mine");
                assertEquals(1, update.executeUpdate());
            }
            connection.commit();
        }
        try (Connection connection = borrow()) {
            assertEquals(2, count(connection, "SELECT count(*) FROM notes WHERE body IN ('mine', 'other')"),
                "both writes committed");
        }
    }

    @Test
    void atMostTheConfiguredNumberOfStatementsIsKept() throws SQLException {
        start("pool.statement-cache", "2");
        String[] sqls = {"SELECT body FROM notes WHERE id = 1", "SELECT body FROM notes WHERE id = 2",
            "SELECT body FROM notes WHERE id = 3"};
        for (int round = 0; round < 2; round++) {
            try (Connection connection = borrow()) {
                for (int i = 0; i < sqls.length; i++) {
                    // The second round asks in the opposite order: the last two first.
                    String sql = sqls[round == 0 ? i : sqls.length - 1 - i];
                    try (PreparedStatement statement = connection.prepareStatement(sql)) {
                        assertNotNull(bodyOf(statement));
                    }
                }
            }
        }
        // Round two found the two most recently returned; the eldest had been closed.
        assertEquals(2, pool().statementsReused());
        assertEquals(4, pool().statementsPrepared());
    }

    @Test
    void withTheCacheOffStatementsAreTheDriversOwn() throws SQLException {
        start("pool.statement-cache", "0");
        try (Connection connection = borrow(); PreparedStatement statement = connection.prepareStatement("SELECT 1")) {
            assertFalse(java.lang.reflect.Proxy.isProxyClass(statement.getClass()));
        }
        try (Connection connection = borrow()) {
            assertEquals(1, count(connection, "SELECT 1"));
        }
        assertEquals(0, pool().statementsReused());
        assertEquals(0, pool().statementsPrepared());
    }
}
