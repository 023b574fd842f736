package com.threatlens.agent.cache;

import java.lang.reflect.Method;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Ticker;
import com.threatlens.agent.bootstrap.CacheHit;
import com.threatlens.agent.jdbc.DatabaseUrl;
import com.threatlens.agent.jdbc.JdbcRecorder;
import com.threatlens.agent.jdbc.SlowQueryLog;
import com.threatlens.agent.jdbc.StatementIdentities;
import com.threatlens.agent.jdbc.StatementTable;

import net.bytebuddy.description.method.MethodDescription;

/**
 * The method cache wired as the agent wires it (memory tier, table versions, the real JDBC
 * recorder and write tracker), with a ticker the test moves by hand. Calls go through
 * {@link #call}, which does what the woven advice does; SQL goes through {@link #query} and
 * {@link #update}, which call the recorder's hooks around a real statement as the JDBC advice does.
 */
final class TestEngine {

    /** A Caffeine ticker that moves only when told. */
    static final class ManualTicker implements Ticker {
        private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

        @Override
        public long read() {
            return nanos.get();
        }

        void advance(Duration duration) {
            nanos.addAndGet(duration.toNanos());
        }
    }

    final ManualTicker ticker = new ManualTicker();
    final TableVersions versions = new TableVersions();
    final List<WriteMark> committed = new CopyOnWriteArrayList<>();
    final JdbcRecorder recorder = new JdbcRecorder(new StatementTable(1_000, () -> 0L, totals -> { }),
        new StatementIdentities(), new SlowQueryLog(Long.MAX_VALUE, 1, 1, () -> 0L), false, () -> 0L);
    final CacheSites sites = new CacheSites(new JsonCodec(), 64);
    final MemoryTier memory = new MemoryTier(64L * 1024 * 1024, ticker, Region.builtIn());
    final MethodCache cache = new MethodCache(sites, memory, SecondTier.NONE, versions, recorder, ticker::read,
        System::currentTimeMillis, new JsonCodec());
    private final List<Connection> connections = new ArrayList<>();

    TestEngine() {
        recorder.listenForWrites(new WriteTracker(versions, committed::add));
    }

    /** The site of {@code FixtureService#method} under the one rule of {@code ruleLines}. */
    CacheSite site(String method, String... ruleLines) {
        RuleFile file = RuleFile.parse(Arrays.asList(ruleLines), "test");
        if (!file.problems().isEmpty() || file.rules().size() != 1) {
            throw new IllegalArgumentException("not one good rule: " + file.problems());
        }
        CacheRule rule = file.rules().get(0);
        MethodDescription description = new MethodDescription.ForLoadedMethod(method(method));
        String problem = RuleSites.problemWith(rule, description);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        return sites.register(rule, description, FixtureService.class.getClassLoader());
    }

    static Method method(String name) {
        Method found = null;
        for (Method candidate : FixtureService.class.getDeclaredMethods()) {
            if (candidate.getName().equals(name)) {
                if (found != null) {
                    throw new IllegalArgumentException(name + " is overloaded");
                }
                found = candidate;
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("FixtureService has no method " + name);
        }
        return found;
    }

    /** One call of a cached method whose body is {@code body}, as the advice runs it. */
    <T> T call(CacheSite site, Callable<T> body, Object... arguments) throws Exception {
        Object call = cache.lookup(site.id, null, arguments);
        if (call instanceof CacheHit) {
            @SuppressWarnings("unchecked")
            T value = (T) ((CacheHit) call).value;
            return value;
        }
        T result;
        try {
            result = body.call();
        } catch (Exception | Error thrown) {
            if (call != null) {
                cache.complete(call, null, thrown);
            }
            throw thrown;
        }
        if (call != null) {
            cache.complete(call, result, null);
        }
        return result;
    }

    /** A new connection to the SQLite file {@code file}, closed by {@link #close}. */
    Connection connect(Path file) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        connections.add(connection);
        return connection;
    }

    /** The name the recorder gives the database of {@code connection}. */
    static String database(Connection connection) throws SQLException {
        return DatabaseUrl.sanitize(connection.getMetaData().getURL());
    }

    /** Runs a query seen by the recorder; returns the first column of each row. */
    List<Object> query(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            Object token = recorder.executeStart(statement, sql, false);
            ResultSet rows;
            try {
                rows = statement.executeQuery(sql);
            } catch (SQLException failed) {
                recorder.executeEnd(token, null, failed);
                throw failed;
            }
            recorder.executeEnd(token, rows, null);
            List<Object> values = new ArrayList<>();
            while (rows.next()) {
                values.add(rows.getObject(1));
            }
            rows.close();
            recorder.resultSetClosed(rows);
            return values;
        }
    }

    /**
     * Runs a prepared statement seen by the recorder as the JDBC advice sees it (prepared, each
     * parameter bound through a setter, executed); returns the first column of each row, or the
     * update count.
     */
    List<Object> prepared(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            recorder.statementCreated(connection, statement, sql);
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
                recorder.parameterSet(statement, i + 1, parameters[i]);
            }
            Object token = recorder.executeStart(statement, null, false);
            boolean rows;
            try {
                rows = statement.execute();
            } catch (SQLException failed) {
                recorder.executeEnd(token, null, failed);
                throw failed;
            }
            recorder.executeEnd(token, rows, null);
            List<Object> values = new ArrayList<>();
            if (!rows) {
                int count = statement.getUpdateCount();
                recorder.updateCountObtained(statement, count);
                values.add(count);
                return values;
            }
            try (ResultSet result = statement.getResultSet()) {
                recorder.resultSetObtained(statement, result);
                while (result.next()) {
                    values.add(result.getObject(1));
                }
                recorder.resultSetClosed(result);
            }
            return values;
        }
    }

    /** Row-level invalidation on, with the primary keys of {@code connection}'s database read now. */
    void readKeys(Connection connection) throws SQLException {
        recorder.captureRowKeys();
        String database = database(connection);
        versions.keyColumns(database, ExternalWrites.keyColumns(connection), versions.schemaGeneration(database));
    }

    /** Runs a statement other than a query, seen by the recorder. */
    void update(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            Object token = recorder.executeStart(statement, sql, false);
            int count;
            try {
                count = statement.executeUpdate(sql);
            } catch (SQLException failed) {
                recorder.executeEnd(token, null, failed);
                throw failed;
            }
            recorder.executeEnd(token, count, null);
        }
    }

    void commit(Connection connection) throws SQLException {
        connection.commit();
        recorder.transactionEnded(connection);
    }

    void close() throws SQLException {
        for (Connection connection : connections) {
            connection.close();
        }
    }
}
