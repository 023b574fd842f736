package com.threatlens.agent.it;

import static com.threatlens.agent.testing.SqliteChecks.assertDefaultPoolTuning;
import static com.threatlens.agent.testing.SqliteChecks.pragma;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

/**
 * Connections the application opens through {@code DriverManager} or {@code SQLiteDataSource}
 * come from the agent's pools, tuned, with the application's code unchanged.
 */
class ConnectionPoolingIT {

    @TempDir
    Path directory;

    private final Sidecar sidecar = Sidecar.get();


    @Test
    void driverManagerConnectionsArePooledTunedAndUnwrapToTheDriversConnection() throws SQLException {
        SqliteFile database = SqliteFile.create(directory, "pooled.db");
        SQLiteConnection first;
        try (Connection connection = database.connect()) {
            assertFalse(connection instanceof SQLiteConnection, "a pooled connection, not the driver's");
            first = connection.unwrap(SQLiteConnection.class);
            assertDefaultPoolTuning(connection);
        }
        try (Connection again = DriverManager.getConnection(database.url(), new Properties())) {
            assertEquals(first, again.unwrap(SQLiteConnection.class), "the same physical connection, reused");
        }
    }

    @Test
    void dataSourceConnectionsArePooledToo() throws SQLException {
        SqliteFile database = SqliteFile.create(directory, "datasource.db");
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl(database.url());
        try (Connection connection = dataSource.getConnection()) {
            assertFalse(connection instanceof SQLiteConnection);
            assertEquals("wal", pragma(connection, "journal_mode"));
        }
        // Typed as SQLiteConnection, this variant cannot return a pooled connection: it is left alone.
        try (SQLiteConnection typed = dataSource.getConnection(null, null)) {
            assertEquals("jdbc:sqlite:" + database.path(), typed.getUrl());
        }
    }

    @Test
    void whatABorrowerLeavesBehindDoesNotReachTheNextOne() throws SQLException {
        SqliteFile database = SqliteFile.create(directory, "leaks.db", "CREATE TABLE notes (body TEXT)");
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            statement.execute("CREATE TEMP TABLE scratch (x)");
            statement.execute("PRAGMA foreign_keys = OFF");
            statement.execute("BEGIN");
            statement.execute("INSERT INTO notes VALUES ('never committed')");
        }
        try (Connection connection = database.connect()) {
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                statement.execute("INSERT INTO notes VALUES ('not committed either')");
            }
        }
        for (int i = 0; i < 3; i++) {
            try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
                assertTrue(connection.getAutoCommit());
                assertEquals("1", pragma(connection, "foreign_keys"));
                try (ResultSet temp = statement.executeQuery("SELECT count(*) FROM temp.sqlite_master")) {
                    temp.next();
                    assertEquals(0, temp.getInt(1));
                }
                try (ResultSet notes = statement.executeQuery("SELECT count(*) FROM notes")) {
                    notes.next();
                    assertEquals(0, notes.getInt(1));
                }
                statement.execute("BEGIN");
                statement.execute("COMMIT");
            }
        }
    }

    @Test
    void twoInMemoryConnectionsStillSeeTwoDatabases() throws SQLException {
        try (Connection one = DriverManager.getConnection("jdbc:sqlite::memory:");
             Connection two = DriverManager.getConnection("jdbc:sqlite::memory:")) {
            assertTrue(one instanceof SQLiteConnection, "in-memory databases are not pooled");
            try (Statement statement = one.createStatement()) {
                statement.execute("CREATE TABLE only_in_one (x)");
            }
            try (Statement statement = two.createStatement()) {
                assertThrows(SQLException.class, () -> statement.executeQuery("SELECT * FROM only_in_one"));
            }
        }
    }

    @Test
    void aDatabaseThatCannotOpenFailsAsItWouldWithoutTheAgent() {
        String url = "jdbc:sqlite:" + directory.resolve("no-such-directory").resolve("x.db");
        SQLException direct = assertThrows(SQLException.class, () -> JDBC.createConnection(url, new Properties()),
            "the driver's own factory, which no advice touches");
        SQLException throughTheAgent = assertThrows(SQLException.class, () -> DriverManager.getConnection(url));
        assertEquals(direct.getClass(), throughTheAgent.getClass());
        assertEquals(direct.getMessage(), throughTheAgent.getMessage());
        assertEquals(direct.getSQLState(), throughTheAgent.getSQLState());
        assertEquals(direct.getErrorCode(), throughTheAgent.getErrorCode());
    }

    @Test
    void aFileThatIsNotADatabaseFailsAtTheSameCallAsWithoutTheAgent() throws Exception {
        Path file = directory.resolve("not-a-database.db");
        java.nio.file.Files.writeString(file, "plain text, not an SQLite database ".repeat(200));
        String url = "jdbc:sqlite:" + file;
        SQLException direct;
        try (Connection connection = JDBC.createConnection(url, new Properties());
             Statement statement = connection.createStatement()) {
            direct = assertThrows(SQLException.class, () -> statement.executeQuery("SELECT * FROM sqlite_master"));
        }
        long start = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            SQLException throughTheAgent = assertThrows(SQLException.class,
                () -> statement.executeQuery("SELECT * FROM sqlite_master"));
            assertEquals(direct.getClass(), throughTheAgent.getClass());
            assertEquals(direct.getMessage(), throughTheAgent.getMessage());
            assertEquals(direct.getErrorCode(), throughTheAgent.getErrorCode());
        }
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10), "no wait for a pool that cannot fill");
    }

    @Test
    void readersAndAWriterShareTheDatabaseWithoutBusyErrorsOrLostWrites() throws Exception {
        SqliteFile database = SqliteFile.create(directory, "concurrent.db",
            "CREATE TABLE events (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
        int writes = 300;
        int readers = 6;
        ExecutorService threads = Executors.newFixedThreadPool(readers + 2);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Future<Integer>> work = new ArrayList<>();
        try {
            for (int w = 0; w < 2; w++) {
                int writer = w;
                work.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < writes / 2; i++) {
                        try (Connection connection = database.connect();
                             PreparedStatement insert = connection.prepareStatement("INSERT INTO events (body) VALUES (?)")) {
                            connection.setAutoCommit(false);
                            insert.setString(1, "writer " + writer + " event " + i);
                            insert.executeUpdate();
                            connection.commit();
                        }
                    }
                    return writes / 2;
                }));
            }
            for (int r = 0; r < readers; r++) {
                work.add(threads.submit(() -> {
                    start.await();
                    int reads = 0;
                    int lastSeen = 0;
                    while (writing.get()) {
                        try (Connection connection = database.connect();
                             Statement statement = connection.createStatement();
                             ResultSet count = statement.executeQuery("SELECT count(*) FROM events")) {
                            count.next();
                            int seen = count.getInt(1);
                            assertTrue(seen >= lastSeen, "a later read never sees fewer committed rows");
                            lastSeen = seen;
                            reads++;
                        }
                    }
                    return reads;
                }));
            }
            start.countDown();
            assertEquals(writes / 2, work.get(0).get(60, TimeUnit.SECONDS));
            assertEquals(writes / 2, work.get(1).get(60, TimeUnit.SECONDS));
            writing.set(false);
            for (Future<Integer> reader : work.subList(2, work.size())) {
                assertTrue(reader.get(60, TimeUnit.SECONDS) > 0);
            }
        } finally {
            writing.set(false);
            threads.shutdownNow();
        }
        try (Connection connection = database.connect();
             Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM events")) {
            count.next();
            assertEquals(writes, count.getInt(1));
        }
    }

    @Test
    void theSidecarShowsEachPoolWithThePragmasInForce() throws SQLException {
        SqliteFile database = SqliteFile.create(directory, "reported.db");
        for (int i = 0; i < 5; i++) {
            database.connect().close();
        }
        JsonNode pool = null;
        for (JsonNode row : sidecar.json("/database/stats?top=1").get("databases")) {
            if (row.get("url").asText().equals(database.url())) {
                pool = row.get("pools").get(0);
            }
        }
        assertNotNull(pool, "a row for " + database.url());
        assertEquals(database.url(), pool.get("database").asText());
        assertTrue(pool.get("borrowed").asLong() >= 6, pool::toString);
        assertEquals(10, pool.get("max_size").asInt());
        assertEquals("wal", pool.get("pragmas").get("journal_mode").asText());
        assertEquals("268435456", pool.get("pragmas").get("mmap_size").asText());
        assertEquals(0, pool.get("waiting").asInt());

        JsonNode health = sidecar.json("/health");
        assertEquals("healthy", health.get("components").get("database").get("status").asText(), health::toString);
        assertTrue(sidecar.get("/metrics/prometheus").body().contains("hikaricp_connections_active"),
            "HikariCP's meters are in the Prometheus scrape");
    }
}
