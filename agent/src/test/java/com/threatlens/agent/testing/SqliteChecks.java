package com.threatlens.agent.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** Reading and checking a SQLite connection in tests. */
public final class SqliteChecks {

    private SqliteChecks() {
    }

    public static String pragma(Connection connection, String name) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA " + name)) {
            assertTrue(result.next(), "PRAGMA " + name + " answers a row");
            return result.getString(1);
        }
    }

    public static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    /** The first column of the first row of {@code sql}, such as a count. */
    public static int count(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            assertTrue(result.next(), sql + " answers a row");
            return result.getInt(1);
        }
    }

    /** The PRAGMAs the agent's pools apply by default, read back from {@code connection}. */
    public static void assertDefaultPoolTuning(Connection connection) throws SQLException {
        assertEquals("wal", pragma(connection, "journal_mode"));
        assertEquals("1", pragma(connection, "synchronous"));
        assertEquals("-65536", pragma(connection, "cache_size"));
        assertEquals("268435456", pragma(connection, "mmap_size"));
        assertEquals("2", pragma(connection, "temp_store"));
        assertEquals("10000", pragma(connection, "busy_timeout"));
        assertEquals("1", pragma(connection, "foreign_keys"));
    }
}
