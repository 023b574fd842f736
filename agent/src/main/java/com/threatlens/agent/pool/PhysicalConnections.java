package com.threatlens.agent.pool;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

import javax.sql.DataSource;

import com.threatlens.agent.bootstrap.AgentLog;
import com.threatlens.agent.jdbc.InternalSql;

/**
 * The pool's source of physical connections: opened through the host's own driver, then
 * tuned once with the configured PRAGMAs and read back, so that what the endpoints report is
 * what a live connection says, not what was asked for.
 */
final class PhysicalConnections implements DataSource {

    private static final long RETRY_AFTER_FAILURE_NANOS = java.util.concurrent.TimeUnit.SECONDS.toNanos(1);

    private final SqliteDriver driver;
    private final PoolKey key;
    private final List<Pragma> tuning;
    private final InternalSql internal;
    private final ConnectionStates states;
    private final Set<String> failuresLogged = ConcurrentHashMap.newKeySet();
    private volatile Map<String, String> inForce = Map.of();
    private volatile boolean failing;
    private volatile long failedAtNanos;

    PhysicalConnections(SqliteDriver driver, PoolKey key, List<Pragma> tuning, InternalSql internal,
                        ConnectionStates states) {
        this.driver = driver;
        this.key = key;
        this.tuning = tuning;
        this.internal = internal;
        this.states = states;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return internal.run(() -> {
            Connection connection;
            try {
                connection = driver.open(key.url(), key.toProperties());
                if (connection == null) {
                    throw new SQLException("the SQLite driver did not accept " + key.url());
                }
            } catch (SQLException | RuntimeException failure) {
                failed();
                throw failure;
            }
            try {
                readSchema(connection);
                tune(connection);
                inForce = readBack(connection);
                states.remember(connection);
                failing = false;
                return connection;
            } catch (SQLException | RuntimeException failure) {
                failed();
                connection.close();
                throw failure;
            }
        });
    }

    private void failed() {
        failedAtNanos = System.nanoTime();
        failing = true;
    }

    /**
     * Whether a connection opens now: tried (and closed again), at most once a second while
     * opening fails. Only asked when the pool has no connection at all, which is rare.
     */
    boolean opens() {
        if (failing && System.nanoTime() - failedAtNanos < RETRY_AFTER_FAILURE_NANOS) {
            return false;
        }
        try (Connection probe = getConnection()) {
            return true;
        } catch (SQLException | RuntimeException failure) {
            return false;
        }
    }

    /**
     * SQLite opens any file lazily: one that is not a database (or is locked) fails only at the
     * first statement that reads it. Reading the schema here keeps such a file out of the pool.
     */
    private static void readSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet schema = statement.executeQuery("SELECT count(*) FROM sqlite_master")) {
            schema.next();
        }
    }

    /** The PRAGMAs as the most recently opened connection reported them. */
    Map<String, String> pragmasInForce() {
        return inForce;
    }

    /**
     * Applies each PRAGMA the application did not set itself. One that cannot be applied (WAL
     * on a database another process holds in rollback mode, a read-only file) is logged once
     * per pool and skipped: the connection works as SQLite left it.
     */
    private void tune(Connection connection) throws SQLException {
        Properties properties = key.toProperties();
        boolean readOnly = SqliteUrl.isReadOnly(key.url(), properties);
        try (Statement statement = connection.createStatement()) {
            for (Pragma pragma : tuning) {
                if (SqliteUrl.setsPragma(key.url(), properties, pragma.name())
                    || readOnly && pragma.name().equals("journal_mode")) {
                    continue;
                }
                try {
                    statement.execute(pragma.statement());
                } catch (SQLException refused) {
                    if (failuresLogged.add(pragma.name())) {
                        AgentLog.warn("pool for " + PoolNames.database(key) + ": " + pragma.statement()
                            + " was not applied, the connection keeps SQLite's setting: " + refused.getMessage());
                    }
                }
            }
        }
    }

    private Map<String, String> readBack(Connection connection) throws SQLException {
        Map<String, String> values = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement()) {
            for (Pragma pragma : tuning) {
                try (ResultSet result = statement.executeQuery("PRAGMA " + pragma.name())) {
                    if (result.next() && result.getString(1) != null) {
                        values.put(pragma.name(), result.getString(1));
                    }
                } catch (SQLException unreadable) {
                    // Write-only PRAGMAs have nothing to read back.
                }
            }
        }
        return Collections.unmodifiableMap(values);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // The pool logs through the agent's log.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // A local file has no login.
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return false;
    }
}
