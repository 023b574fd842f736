package com.threatlens.agent.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import com.threatlens.agent.bootstrap.PoolBridge;
import com.threatlens.agent.config.AgentConfig;
import com.threatlens.agent.config.Settings;
import com.threatlens.agent.jdbc.InternalSql;
import com.threatlens.sidecar.ComponentHealth;
import com.threatlens.sidecar.HealthCheck;
import com.threatlens.sidecar.MetricsSection;
import com.threatlens.sidecar.pools.ConnectionPools;
import com.threatlens.sidecar.pools.PoolRow;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Connection pooling as a feature: builds the pools from the configuration, connects them to
 * the advice, and reports them to the sidecar (database stats, metrics, health).
 */
public final class PoolFeature implements ConnectionPools, HealthCheck, MetricsSection, DatabaseAccess {

    /** A timeout this recent keeps the database component degraded. */
    private static final long TIMEOUT_MEMORY_MILLIS = TimeUnit.MINUTES.toMillis(5);

    final SqlitePools pools;
    private final InternalSql internal;
    private final LongSupplier clockMillis;

    /** @param signals from query statistics; {@code null} when they are off */
    public PoolFeature(AgentConfig config, InternalSql internal, StatementSignals signals, MeterRegistry registry,
                       LongSupplier clockMillis) {
        this.pools = new SqlitePools(PoolSettings.from(config), internal, signals, registry);
        this.internal = internal;
        this.clockMillis = clockMillis;
    }

    /** Whether the configuration asks for pooling (and no mistake switched it off). */
    public static boolean isOn(AgentConfig config) {
        return config.isFeatureOn(Settings.FEATURE_POOL) && config.get(Settings.POOL_ENABLED);
    }

    /** Starts answering the connection-opening advice. */
    public void connect() {
        PoolBridge.install(pools);
    }

    @Override
    public List<String> databaseUrls() {
        return pools.databaseUrls();
    }

    @Override
    public <T> T read(String url, ConnectionWork<T> work) throws SQLException {
        SqlitePool pool = pools.readOnly(url);
        if (pool == null) {
            throw new SQLException("the application has not opened " + url + " through a pool");
        }
        return internal.run(() -> {
            try (Connection connection = pool.lend()) {
                return work.run(connection);
            }
        });
    }

    @Override
    public <T> T write(String url, ConnectionWork<T> work) throws SQLException {
        try (OwnConnection connection = open(url)) {
            return connection.run(work);
        }
    }

    @Override
    public OwnConnection open(String url) throws SQLException {
        Connection connection = internal.run(() -> pools.openOwn(url));
        if (connection == null) {
            throw new SQLException("the application has not opened " + url + " through a pool");
        }
        return new OwnConnection() {
            @Override
            public <T> T run(ConnectionWork<T> work) throws SQLException {
                return internal.run(() -> work.run(connection));
            }

            @Override
            public void close() {
                try {
                    internal.run(() -> {
                        connection.close();
                        return null;
                    });
                } catch (SQLException ignored) {
                    // nothing is left to release
                }
            }
        };
    }

    @Override
    public List<PoolRow> pools() {
        List<PoolRow> rows = new ArrayList<>();
        for (SqlitePool pool : pools.pools()) {
            rows.add(pool.row());
        }
        return rows;
    }

    @Override
    public String component() {
        return "database";
    }

    @Override
    public ComponentHealth check() {
        long now = clockMillis.getAsLong();
        List<String> problems = new ArrayList<>();
        int waiting = 0;
        long timeouts = 0;
        for (SqlitePool pool : pools.pools()) {
            int poolWaiting = pool.waiting();
            waiting += poolWaiting;
            timeouts += pool.timeouts();
            if (poolWaiting > 0) {
                problems.add(poolWaiting + " thread(s) waiting for a connection to " + pool.database());
            }
            long lastTimeout = pool.lastTimeoutMillis();
            if (lastTimeout > 0 && now - lastTimeout < TIMEOUT_MEMORY_MILLIS) {
                problems.add("a connection request to " + pool.database() + " timed out "
                    + (now - lastTimeout) / 1000 + " s ago");
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("pools", pools.pools().size());
        details.put("waiting_threads", waiting);
        details.put("connection_timeouts", timeouts);
        return problems.isEmpty() ? ComponentHealth.healthy(details)
            : ComponentHealth.degraded(String.join("; ", problems), details);
    }

    @Override
    public String name() {
        return "connection_pools";
    }

    @Override
    public Map<String, Object> snapshot() {
        Map<String, Object> section = new LinkedHashMap<>();
        List<PoolRow> rows = pools();
        section.put("pools", rows.size());
        section.put("active", rows.stream().mapToInt(PoolRow::active).sum());
        section.put("idle", rows.stream().mapToInt(PoolRow::idle).sum());
        section.put("waiting", rows.stream().mapToInt(PoolRow::waiting).sum());
        section.put("borrowed", rows.stream().mapToLong(PoolRow::borrowed).sum());
        section.put("timeouts", rows.stream().mapToLong(PoolRow::timeouts).sum());
        section.put("by_pool", rows);
        return section;
    }
}
