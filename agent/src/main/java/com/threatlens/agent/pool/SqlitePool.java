package com.threatlens.agent.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import org.HdrHistogram.AtomicHistogram;

import com.threatlens.agent.jdbc.InternalSql;
import com.threatlens.sidecar.pools.PoolRow;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

/**
 * One HikariCP pool for one SQLite database and set of connection properties, and what it
 * has been through: acquire and usage times, timeouts, connections rolled back or retired.
 */
final class SqlitePool {

    private static final long MAX_MICROS = 3_600_000_000L;

    private final PoolKey key;
    private final HikariDataSource hikari;
    private final PhysicalConnections physical;
    private final ConnectionStates states;
    private final InternalSql internal;
    private final LongSupplier stateChanges;
    private final LongSupplier schemaChanges;
    private final boolean stateChecks;
    private final int statementCacheSize;
    private final PerConnection<StatementCache> statementCaches = new PerConnection<>();
    private final LongAdder statementsReused = new LongAdder();
    private final LongAdder statementsPrepared = new LongAdder();
    private final AtomicHistogram acquireMicros = new AtomicHistogram(1, MAX_MICROS, 2);
    private final AtomicHistogram usageMicros = new AtomicHistogram(1, MAX_MICROS, 2);
    private final LongAdder borrowed = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final LongAdder autoCommitRestored = new LongAdder();
    private final LongAdder rolledBack = new LongAdder();
    private final Map<ConnectionStates.Verdict, LongAdder> retired = new EnumMap<>(ConnectionStates.Verdict.class);
    private final AtomicLong lastTimeoutMillis = new AtomicLong();

    /**
     * @param signals when not null, the state checks on return run only if the session state
     *                count moved while the connection was out, and kept statements are dropped
     *                when the schema count moves
     */
    SqlitePool(PoolKey key, HikariDataSource hikari, PhysicalConnections physical, ConnectionStates states,
               InternalSql internal, StatementSignals signals, boolean stateChecks, int statementCacheSize) {
        this.key = key;
        this.hikari = hikari;
        this.physical = physical;
        this.states = states;
        this.internal = internal;
        // Read on every borrow and return: only when the checks it spares are on.
        this.stateChanges = signals == null || !stateChecks ? null : signals.sessionStateChanges();
        this.schemaChanges = signals == null ? null : signals.schemaChanges();
        this.stateChecks = stateChecks;
        this.statementCacheSize = statementCacheSize;
        for (ConnectionStates.Verdict verdict : ConnectionStates.Verdict.values()) {
            if (verdict.retires()) {
                retired.put(verdict, new LongAdder());
            }
        }
    }

    /**
     * A pooled connection, or the exception to throw: on a timeout HikariCP's
     * {@link SQLTransientConnectionException} naming the pool and its size, or, when opening
     * connections is what failed, the driver's own exception, as the application would see it
     * without the agent; or null (the driver opens its own connection) while the pool is empty
     * because the database does not open.
     */
    Object borrow() {
        if (totalConnections() == 0 && !physical.opens()) {
            // Nothing to lend and the database does not open now: waiting for the timeout would
            // only delay the error the driver gives at once. The pool keeps trying meanwhile.
            return null;
        }
        long start = System.nanoTime();
        long changesBefore = stateChanges == null ? -1 : stateChanges.getAsLong();
        try {
            Connection proxy = internal.run(hikari::getConnection);
            long now = System.nanoTime();
            acquireMicros.recordValue(clamp((now - start) / 1000));
            borrowed.increment();
            return new PooledConnection(this, proxy, now, changesBefore);
        } catch (SQLTransientConnectionException timeout) {
            timeouts.increment();
            lastTimeoutMillis.set(System.currentTimeMillis());
            return timeout.getCause() instanceof SQLException ? timeout.getCause() : timeout;
        } catch (SQLException failure) {
            return failure;
        }
    }

    /**
     * A borrower closed its connection. An open transaction is rolled back; a connection
     * whose state cannot be reset is retired (closed, and replaced by a fresh one) instead of
     * being handed to the next borrower.
     */
    void giveBack(Connection proxy, long borrowedAtNanos, long stateChangesAtBorrow) throws SQLException {
        usageMicros.recordValue(clamp((System.nanoTime() - borrowedAtNanos) / 1000));
        if (proxy.isClosed()) {
            return;
        }
        ConnectionStates.Verdict verdict = ConnectionStates.Verdict.CLEAN;
        try {
            if (!proxy.getAutoCommit()) {
                proxy.rollback();
                proxy.setAutoCommit(true);
                autoCommitRestored.increment();
            }
            if (stateChecks && (stateChanges == null || stateChanges.getAsLong() != stateChangesAtBorrow)) {
                Connection connection = proxy.unwrap(Connection.class);
                verdict = internal.run(() -> states.check(connection));
            }
        } catch (SQLException | RuntimeException unusable) {
            verdict = ConnectionStates.Verdict.UNREADABLE;
        }
        if (verdict == ConnectionStates.Verdict.ROLLED_BACK) {
            rolledBack.increment();
        }
        if (verdict.retires()) {
            retired.get(verdict).increment();
            // Without close(): HikariCP then closes the evicted connection at once instead of
            // returning it to the idle set first, where another borrower could take it.
            hikari.evictConnection(proxy);
        } else {
            proxy.close();
        }
    }

    /**
     * The statement cache of the physical connection behind {@code proxy}, made on first use;
     * null when statement caching is off or the connection cannot have one.
     */
    StatementCache statementCache(Connection proxy) {
        if (statementCacheSize == 0) {
            return null;
        }
        try {
            Connection connection = proxy.unwrap(Connection.class);
            StatementCache cache = statementCaches.get(connection);
            if (cache == null) {
                // A physical connection has one borrower at a time: nobody else makes its cache.
                cache = new StatementCache(statementCacheSize, connection, schemaChanges, statementsReused,
                    statementsPrepared);
                statementCaches.put(connection, cache);
            }
            return cache;
        } catch (SQLException | RuntimeException unavailable) {
            return null;
        }
    }

    private int totalConnections() {
        HikariPoolMXBean mx = hikari.getHikariPoolMXBean();
        return mx == null ? 0 : mx.getTotalConnections();
    }

    int waiting() {
        HikariPoolMXBean mx = hikari.getHikariPoolMXBean();
        return mx == null ? 0 : mx.getThreadsAwaitingConnection();
    }

    long timeouts() {
        return timeouts.sum();
    }

    long lastTimeoutMillis() {
        return lastTimeoutMillis.get();
    }

    /** A connection for the agent's own use, given back by closing it. */
    Connection lend() throws SQLException {
        return internal.run(hikari::getConnection);
    }

    String database() {
        return PoolNames.database(key);
    }

    PoolRow row() {
        HikariPoolMXBean mx = hikari.getHikariPoolMXBean();
        Map<String, Long> retiredCounts = new LinkedHashMap<>();
        retired.forEach((verdict, count) -> retiredCounts.put(verdict.label(), count.sum()));
        return new PoolRow(hikari.getPoolName(), database(), hikari.isReadOnly(), hikari.getMaximumPoolSize(),
            mx == null ? 0 : mx.getTotalConnections(), mx == null ? 0 : mx.getActiveConnections(),
            mx == null ? 0 : mx.getIdleConnections(), mx == null ? 0 : mx.getThreadsAwaitingConnection(),
            borrowed.sum(), millis(acquireMicros, 50), millis(acquireMicros, 95), millis(acquireMicros, 99),
            acquireMicros.getTotalCount() == 0 ? 0 : acquireMicros.getMaxValue() / 1000.0,
            usageMicros.getTotalCount() == 0 ? 0 : usageMicros.getMean() / 1000.0, millis(usageMicros, 95),
            timeouts.sum(), autoCommitRestored.sum(), rolledBack.sum(), retiredCounts, statementsReused.sum(),
            statementsPrepared.sum(), physical.pragmasInForce());
    }

    void close() {
        hikari.close();
    }

    private static double millis(AtomicHistogram histogram, double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1000.0;
    }

    private static long clamp(long micros) {
        return Math.max(1, Math.min(MAX_MICROS, micros));
    }
}
