package com.threatlens.agent.pool;

import static com.threatlens.agent.testing.SqliteChecks.assertDefaultPoolTuning;
import static com.threatlens.agent.testing.SqliteChecks.pragma;
import static com.threatlens.agent.testing.SqliteChecks.count;
import static com.threatlens.agent.testing.SqliteChecks.execute;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;

import com.threatlens.agent.config.AgentConfig;
import com.threatlens.agent.jdbc.InternalSql;
import com.threatlens.sidecar.HealthStatus;
import com.threatlens.sidecar.pools.PoolRow;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * The pools behind the connection-opening advice, driven through the same hooks the advice
 * calls, on real SQLite files with the real driver and HikariCP.
 */
class SqlitePoolsTest {

    @TempDir
    Path directory;

    private final JDBC driver = new JDBC();
    private SqlitePools pools;
    private PoolFeature feature;
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @AfterEach
    void closePools() {
        if (pools != null) {
            pools.close();
        }
    }

    private void start(String... settings) {
        start(null, settings);
    }

    private void start(java.util.function.LongSupplier stateChanges, String... settings) {
        Map<String, String> properties = new HashMap<>();
        for (int i = 0; i < settings.length; i += 2) {
            properties.put("threatlens.perf." + settings[i], settings[i + 1]);
        }
        AgentConfig config = AgentConfig.load("", properties, Map.of());
        assertTrue(config.problems().isEmpty(), config.problems().toString());
        StatementSignals signals = stateChanges == null ? null : new StatementSignals(stateChanges, () -> 0);
        feature = new PoolFeature(config, InternalSql.DIRECT, signals, registry, System::currentTimeMillis);
        pools = feature.pools;
    }

    private String url(String name) {
        return "jdbc:sqlite:" + directory.resolve(name);
    }

    private Connection borrow(String url) {
        Object answer = pools.driverConnect(driver, url, new Properties());
        assertInstanceOf(Connection.class, answer, "a pooled connection for " + url);
        return (Connection) answer;
    }


    private static Object physical(Connection connection) throws SQLException {
        return connection.unwrap(SQLiteConnection.class);
    }



    private PoolRow onlyPool() {
        assertEquals(1, feature.pools().size(), feature.pools().toString());
        return feature.pools().get(0);
    }

    @Test
    void pooledConnectionsAreTunedAndUnwrapToTheDriversConnection() throws SQLException {
        start();
        try (Connection connection = borrow(url("tuned.db"))) {
            assertFalse(connection instanceof SQLiteConnection);
            assertNotNull(connection.unwrap(SQLiteConnection.class));
            assertTrue(connection.isWrapperFor(SQLiteConnection.class));
            assertDefaultPoolTuning(connection);
        }
        PoolRow row = onlyPool();
        assertEquals("wal", row.pragmas().get("journal_mode"));
        assertEquals("-65536", row.pragmas().get("cache_size"));
        assertEquals(1, row.borrowed());
        assertEquals(10, row.maxSize());
        assertNotNull(registry.find("hikaricp.connections.active").tag("pool", row.name()).gauge(),
            "HikariCP's meters are registered");
    }

    @Test
    void closeReturnsThePhysicalConnectionForTheNextBorrower() throws SQLException {
        start("pool.max-size", "1", "pool.min-idle", "1");
        Object first;
        try (Connection connection = borrow(url("reuse.db"))) {
            first = physical(connection);
        }
        try (Connection connection = borrow(url("reuse.db"))) {
            assertSame(first, physical(connection));
        }
        assertThrows(SQLException.class, () -> {
            Connection connection = borrow(url("reuse.db"));
            connection.close();
            connection.createStatement();
        }, "a closed handle is unusable even though its connection lives on");
    }

    @Test
    void aTransactionLeftOpenThroughJdbcIsRolledBack() throws SQLException {
        start("pool.max-size", "1");
        try (Connection connection = borrow(url("tx.db"))) {
            execute(connection, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
            connection.setAutoCommit(false);
            execute(connection, "INSERT INTO notes (body) VALUES ('uncommitted')");
        }
        try (Connection connection = borrow(url("tx.db"))) {
            assertTrue(connection.getAutoCommit(), "auto-commit is restored");
            assertEquals(0, count(connection, "SELECT count(*) FROM notes"));
        }
        assertEquals(1, onlyPool().autoCommitRestored());
        assertEquals(0, onlyPool().rolledBack());
    }

    @Test
    void aTransactionLeftOpenWithSqlBeginIsRolledBack() throws SQLException {
        start("pool.max-size", "1");
        Object first;
        try (Connection connection = borrow(url("begin.db"))) {
            first = physical(connection);
            execute(connection, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
            execute(connection, "BEGIN");
            execute(connection, "INSERT INTO notes (body) VALUES ('uncommitted')");
        }
        try (Connection connection = borrow(url("begin.db"))) {
            assertSame(first, physical(connection), "a rolled-back connection is clean and reused");
            assertEquals(0, count(connection, "SELECT count(*) FROM notes"));
            execute(connection, "BEGIN");
            execute(connection, "COMMIT");
        }
        assertEquals(1, onlyPool().rolledBack());
    }

    @Test
    void aTemporaryTableRetiresTheConnection() throws SQLException {
        start("pool.max-size", "1");
        Object first;
        try (Connection connection = borrow(url("temp.db"))) {
            first = physical(connection);
            execute(connection, "CREATE TEMP TABLE scratch (x)");
        }
        try (Connection connection = borrow(url("temp.db"))) {
            assertNotSame(first, physical(connection));
            assertEquals(0, count(connection, "SELECT count(*) FROM temp.sqlite_master"));
        }
        assertEquals(1L, onlyPool().retired().get("temporary_objects"));
    }

    @Test
    void anAttachedDatabaseRetiresTheConnection() throws SQLException {
        start("pool.max-size", "1");
        try (Connection connection = borrow(url("attach.db"))) {
            execute(connection, "ATTACH DATABASE '" + directory.resolve("other.db") + "' AS other");
        }
        try (Connection connection = borrow(url("attach.db"))) {
            assertEquals(0, count(connection,
                "SELECT count(*) FROM pragma_database_list WHERE name NOT IN ('main', 'temp')"));
        }
        assertEquals(1L, onlyPool().retired().get("attached_database"));
    }

    @Test
    void aChangedPragmaRetiresTheConnection() throws SQLException {
        start("pool.max-size", "1");
        try (Connection connection = borrow(url("pragma.db"))) {
            execute(connection, "PRAGMA foreign_keys = OFF");
        }
        try (Connection connection = borrow(url("pragma.db"))) {
            assertEquals("1", pragma(connection, "foreign_keys"));
        }
        assertEquals(1L, onlyPool().retired().get("pragma_changed"));
    }

    @Test
    void stateChecksRunOnlyWhenAStatementThatCanChangeStateRanMeanwhile() throws SQLException {
        java.util.concurrent.atomic.AtomicLong stateChanges = new java.util.concurrent.atomic.AtomicLong();
        start(stateChanges::get, "pool.max-size", "1");
        try (Connection connection = borrow(url("gated.db"))) {
            execute(connection, "CREATE TEMP TABLE unseen (x)");
        }
        try (Connection connection = borrow(url("gated.db"))) {
            assertEquals(1, count(connection, "SELECT count(*) FROM temp.sqlite_master"),
                "the counter did not move, so the check was skipped (query statistics move it for such SQL)");
            execute(connection, "DROP TABLE temp.unseen");
            execute(connection, "CREATE TEMP TABLE seen (x)");
            stateChanges.incrementAndGet();
        }
        try (Connection connection = borrow(url("gated.db"))) {
            assertEquals(0, count(connection, "SELECT count(*) FROM temp.sqlite_master"));
        }
        assertEquals(1L, onlyPool().retired().get("temporary_objects"));
    }

    @Test
    void stateChecksCanBeSwitchedOff() throws SQLException {
        start("pool.max-size", "1", "pool.state-checks", "false");
        try (Connection connection = borrow(url("unchecked.db"))) {
            execute(connection, "CREATE TEMP TABLE scratch (x)");
        }
        try (Connection connection = borrow(url("unchecked.db"))) {
            assertEquals(1, count(connection, "SELECT count(*) FROM temp.sqlite_master"),
                "without checks the temporary table leaks, which is why they are on by default");
        }
    }

    @Test
    void inMemoryAndTemporaryDatabasesAreNotPooled() {
        start();
        for (String url : new String[] {"jdbc:sqlite::memory:", "jdbc:sqlite:", "jdbc:sqlite:file::memory:?cache=shared",
            "jdbc:sqlite:file:shared?mode=memory&cache=shared", "jdbc:sqlite::resource:db/sample.db"}) {
            assertNull(pools.driverConnect(driver, url, new Properties()), url);
        }
        assertTrue(feature.pools().isEmpty());
    }

    @Test
    void excludedAndForeignUrlsAreNotPooled() {
        start("pool.exclude", ".*/scratch-.*");
        assertNull(pools.driverConnect(driver, url("scratch-1.db"), new Properties()));
        assertNull(pools.driverConnect(driver, "jdbc:h2:mem:x", new Properties()));
        assertTrue(feature.pools().isEmpty());
    }

    @Test
    void readOnlyOpensGetAPoolOfTheirOwn() throws SQLException {
        start();
        try (Connection writer = borrow(url("shared.db"))) {
            execute(writer, "CREATE TABLE t (x)");
        }
        Properties readOnly = new Properties();
        readOnly.setProperty("open_mode", "1");
        Object answer = pools.driverConnect(driver, url("shared.db"), readOnly);
        try (Connection reader = assertInstanceOf(Connection.class, answer)) {
            assertThrows(SQLException.class, () -> execute(reader, "INSERT INTO t VALUES (1)"));
        }
        assertEquals(2, feature.pools().size());
        assertEquals(1, feature.pools().stream().filter(PoolRow::readOnly).count());
    }

    @Test
    void aPragmaTheApplicationSetsItselfWins() throws SQLException {
        start();
        try (Connection connection = borrow(url("own.db") + "?journal_mode=TRUNCATE")) {
            assertEquals("truncate", pragma(connection, "journal_mode"));
            assertEquals("1", pragma(connection, "foreign_keys"));
        }
    }

    @Test
    void pragmasCanBeReplacedAsAWhole() throws SQLException {
        start("pool.pragmas", "synchronous=FULL;cache_size=-1000");
        try (Connection connection = borrow(url("replaced.db"))) {
            assertEquals("2", pragma(connection, "synchronous"));
            assertEquals("-1000", pragma(connection, "cache_size"));
            assertEquals("delete", pragma(connection, "journal_mode"), "not in the replacement set");
        }
    }

    @Test
    void aDatabaseThatDoesNotOpenIsLeftToTheDriver() {
        start();
        String url = "jdbc:sqlite:" + directory.resolve("missing-directory").resolve("x.db");
        assertNull(pools.driverConnect(driver, url, new Properties()),
            "the driver then throws its own exception, as without the agent");
        assertTrue(feature.pools().isEmpty());
    }

    @Test
    void aFileThatIsNotADatabaseIsLeftToTheDriver() throws Exception {
        start();
        Path corrupt = directory.resolve("corrupt.db");
        java.nio.file.Files.write(corrupt, new byte[4096]);
        java.nio.file.Files.writeString(corrupt, "not a database, just text that SQLite cannot read as one");
        assertNull(pools.driverConnect(driver, "jdbc:sqlite:" + corrupt, new Properties()),
            "SQLite opens it lazily; the driver's first statement then fails as without the agent");
        assertTrue(feature.pools().isEmpty());
    }

    @Test
    void aPoolWhoseDatabaseStopsOpeningHandsOverToTheDriverInsteadOfWaiting() throws Exception {
        start("pool.max-size", "1", "pool.min-idle", "0", "pool.connection-timeout", "30s");
        Path file = directory.resolve("vanishing.db");
        try (Connection connection = borrow("jdbc:sqlite:" + file)) {
            execute(connection, "CREATE TABLE t (x)");
            connection.unwrap(SQLiteConnection.class).close();
        }
        java.nio.file.Files.writeString(file, "garbage that replaces the database file");
        java.nio.file.Files.deleteIfExists(directory.resolve("vanishing.db-wal"));
        java.nio.file.Files.deleteIfExists(directory.resolve("vanishing.db-shm"));
        long start = System.nanoTime();
        assertNull(pools.driverConnect(driver, "jdbc:sqlite:" + file, new Properties()),
            "no connection to lend and none opens: the driver's own open takes over");
        assertTrue(System.nanoTime() - start < java.util.concurrent.TimeUnit.SECONDS.toNanos(20),
            "without waiting for the 30 s connection timeout");

        java.nio.file.Files.delete(file);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        Object recovered = null;
        while (!(recovered instanceof Connection) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            recovered = pools.driverConnect(driver, "jdbc:sqlite:" + file, new Properties());
        }
        try (Connection connection = assertInstanceOf(Connection.class, recovered, "the pool recovers")) {
            assertEquals("wal", pragma(connection, "journal_mode"));
        }
    }

    @Test
    void anExhaustedPoolTimesOutNamingThePoolAndItsSize() throws SQLException {
        start("pool.max-size", "1", "pool.connection-timeout", "300ms");
        try (Connection held = borrow(url("busy.db"))) {
            Object answer = pools.driverConnect(driver, url("busy.db"), new Properties());
            SQLTransientConnectionException timeout = assertInstanceOf(SQLTransientConnectionException.class, answer);
            assertTrue(timeout.getMessage().contains(onlyPool().name()), timeout.getMessage());
            assertTrue(timeout.getMessage().contains("total=1"), timeout.getMessage());
            assertEquals(HealthStatus.DEGRADED, feature.check().status());
            assertTrue(feature.check().reason().contains("timed out"), feature.check().reason());
        }
        assertEquals(1, onlyPool().timeouts());
    }

    @Test
    void dataSourceConnectionsArePooledWithTheDataSourcesSettings() throws SQLException {
        start();
        SQLiteDataSource dataSource = new SQLiteDataSource();
        dataSource.setUrl(url("datasource.db"));
        Object answer = pools.dataSourceConnect(dataSource, null, null);
        try (Connection connection = assertInstanceOf(Connection.class, answer)) {
            assertEquals("wal", pragma(connection, "journal_mode"));
            assertEquals("10000", pragma(connection, "busy_timeout"),
                "the driver's default busy_timeout in the data source's properties is not the application's choice");
        }
        assertEquals(1, onlyPool().borrowed());
    }
}
