package com.threatlens.agent.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import com.threatlens.agent.bootstrap.AgentLog;
import com.threatlens.agent.bootstrap.PoolHooks;
import com.threatlens.agent.jdbc.InternalSql;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Decides, for each connection the application opens, whether it comes from a pool, and runs
 * the pools: one per database URL and set of connection properties, created on first use.
 *
 * <p>Whenever pooling cannot help or cannot be set up (an in-memory database, an excluded URL,
 * a database that does not open), the answer is {@code null} and the driver opens its own
 * connection: the application sees exactly what it would see without the agent, errors
 * included, and a later open tries again.
 */
final class SqlitePools implements PoolHooks {

    /** Beyond this many pools, more databases are opened unpooled (and logged once). */
    static final int MAX_POOLS = 32;
    private static final int MAX_BARE_URLS = 256;

    private final PoolSettings settings;
    private final InternalSql internal;
    private final StatementSignals signals;
    private final MeterRegistry registry;
    private final Map<PoolKey, SqlitePool> pools = new ConcurrentHashMap<>();
    /**
     * Pools by the URL exactly as the application passed it, for opens without properties (what
     * the driver manager sends for a URL alone): the open on every request then skips parsing
     * the URL and building its key. Only URLs that found a pool are kept, so the map is
     * bounded by how many spellings of the pools' URLs the application uses.
     */
    private final Map<String, SqlitePool> byBareUrl = new ConcurrentHashMap<>();
    private final Set<String> reported = ConcurrentHashMap.newKeySet();
    /** Per database URL the application opened, the class that opened it: its driver serves the agent's reads. */
    private final Map<String, PoolKey> firstKeys = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, Class<?>> openers = new ConcurrentHashMap<>();
    private final Map<String, PoolKey> readOnlyKeys = new ConcurrentHashMap<>();
    private final ClassValue<Object> drivers = new ClassValue<>() {
        @Override
        protected Object computeValue(Class<?> type) {
            try {
                return SqliteDriver.of(type);
            } catch (ReflectiveOperationException | LinkageError unsupported) {
                return unsupported;
            }
        }
    };

    SqlitePools(PoolSettings settings, InternalSql internal, StatementSignals signals, MeterRegistry registry) {
        this.settings = settings;
        this.internal = internal;
        this.signals = signals;
        this.registry = registry;
    }

    @Override
    public Object driverConnect(Object driver, String url, Properties info) {
        if (!SqliteUrl.isSqlite(url)) {
            return null;
        }
        return connect(driver.getClass(), url, info);
    }

    @Override
    public Object dataSourceConnect(Object dataSource, String user, String password) {
        SqliteDriver.Target target;
        try {
            target = SqliteDriver.dataSourceTarget(dataSource, user, password);
        } catch (ReflectiveOperationException | RuntimeException unreadable) {
            reportOnce("datasource:" + dataSource.getClass().getName(), "a " + dataSource.getClass().getName()
                + " is not pooled, its URL and properties cannot be read: " + unreadable);
            return null;
        }
        if (!SqliteUrl.isSqlite(target.url())) {
            return null;
        }
        return connect(dataSource.getClass(), target.url(), target.properties());
    }

    private Object connect(Class<?> opener, String url, Properties info) {
        boolean bare = info == null || info.isEmpty();
        SqlitePool known = bare ? byBareUrl.get(url) : null;
        if (known != null) {
            return known.borrow();
        }
        String notPoolable = SqliteUrl.whyNotPoolable(url);
        if (notPoolable != null) {
            reportOnce("unpoolable:" + url, "not pooled, " + notPoolable + ": each connection is a database of its own");
            return null;
        }
        if (settings.exclude().matcher(url).find()) {
            reportOnce("excluded:" + url, "not pooled, excluded by pool.exclude: " + PoolNames.database(PoolKey.of(url, null)));
            return null;
        }
        PoolKey key = PoolKey.of(url, info);
        SqlitePool pool = pools.get(key);
        if (pool == null) {
            pool = create(opener, key);
            if (pool == null) {
                return null;
            }
        }
        if (bare && byBareUrl.size() < MAX_BARE_URLS) {
            byBareUrl.putIfAbsent(url, pool);
        }
        return pool.borrow();
    }

    private synchronized SqlitePool create(Class<?> opener, PoolKey key) {
        SqlitePool existing = pools.get(key);
        if (existing != null) {
            return existing;
        }
        if (pools.size() >= MAX_POOLS) {
            reportOnce("too-many", "more than " + MAX_POOLS + " databases: connections to further ones are not pooled");
            return null;
        }
        Object driver = drivers.get(opener);
        if (!(driver instanceof SqliteDriver)) {
            reportOnce("driver:" + opener.getName(), "this sqlite-jdbc cannot be pooled (" + driver + "): its connections are left alone");
            return null;
        }
        ConnectionStates states = new ConnectionStates();
        PhysicalConnections physical = new PhysicalConnections((SqliteDriver) driver, key, settings.pragmas(), internal,
            states);
        boolean readOnly;
        try (Connection first = physical.getConnection()) {
            // Opened to find out whether the database opens at all; the pool opens its own.
            // HikariCP sets its read-only flag on each connection, and sqlite-jdbc refuses any
            // change of it after the open: the pool must ask for what the driver did.
            readOnly = first.isReadOnly();
        } catch (SQLException cannotOpen) {
            AgentLog.debug("no pool for " + PoolNames.database(key) + " yet, it does not open: " + cannotOpen.getMessage());
            return null;
        }
        if (!readOnlyKeys.containsValue(key)) {
            openers.putIfAbsent(key.url(), opener);
            firstKeys.putIfAbsent(key.url(), key);
        }
        HikariDataSource hikari = new HikariDataSource(hikariConfig(key, physical, readOnly));
        SqlitePool pool = new SqlitePool(key, hikari, physical, states, internal,
            signals, settings.stateChecks(), settings.statementCacheSize());
        pools.put(key, pool);
        AgentLog.info("pooling connections to " + PoolNames.database(key) + " as " + hikari.getPoolName() + " (at most "
            + settings.maxSize() + ", PRAGMAs in force: " + physical.pragmasInForce() + ")");
        return pool;
    }

    private HikariConfig hikariConfig(PoolKey key, PhysicalConnections physical, boolean readOnly) {
        HikariConfig config = new HikariConfig();
        String name = PoolNames.next(key);
        config.setPoolName(name);
        config.setDataSource(physical);
        config.setMaximumPoolSize(settings.maxSize());
        config.setMinimumIdle(settings.minIdle());
        config.setConnectionTimeout(settings.connectionTimeout().toMillis());
        config.setIdleTimeout(settings.idleTimeout().toMillis());
        config.setMaxLifetime(settings.maxLifetime().toMillis());
        config.setLeakDetectionThreshold(settings.leakDetection().toMillis());
        // A local file has no network path to keep alive.
        config.setKeepaliveTime(0);
        // The pool starts empty; the first borrower's connection is opened on demand.
        config.setInitializationFailTimeout(-1);
        config.setAutoCommit(true);
        config.setReadOnly(readOnly);
        config.setThreadFactory(new InternalThreads(name, internal));
        if (registry != null) {
            config.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(registry));
        }
        return config;
    }

    /** The database URLs the application opened through a pool, first opened first. */
    List<String> databaseUrls() {
        synchronized (firstKeys) {
            return new ArrayList<>(firstKeys.keySet());
        }
    }

    /**
     * A read-only pool of {@code url} for the agent's own queries, opened through the driver the
     * application used for it; null when the application has not opened it (or pools are full).
     */
    SqlitePool readOnly(String url) {
        Class<?> opener = openers.get(url);
        if (opener == null) {
            return null;
        }
        PoolKey key = readOnlyKeys.computeIfAbsent(url, u -> {
            Properties properties = new Properties();
            properties.setProperty("open_mode", Integer.toString(SqliteUrl.OPEN_READONLY));
            return PoolKey.of(u, properties);
        });
        SqlitePool pool = pools.get(key);
        return pool != null ? pool : create(opener, key);
    }

    /**
     * A connection of its own to {@code url}, opened with the properties of the application's first
     * pool of it and tuned like the pool's; null when the application has not opened it.
     */
    Connection openOwn(String url) throws SQLException {
        PoolKey key = firstKeys.get(url);
        Object driver = key == null ? null : drivers.get(openers.get(url));
        if (!(driver instanceof SqliteDriver)) {
            return null;
        }
        return new PhysicalConnections((SqliteDriver) driver, key, settings.pragmas(), internal, new ConnectionStates())
            .getConnection();
    }

    List<SqlitePool> pools() {
        return new ArrayList<>(pools.values());
    }

    void close() {
        byBareUrl.clear();
        pools.values().forEach(SqlitePool::close);
        pools.clear();
    }

    private void reportOnce(String key, String message) {
        if (reported.size() < 1000 && reported.add(key)) {
            AgentLog.info(message);
        }
    }
}
