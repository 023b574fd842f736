package com.threatlens.agent.cache;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;


import com.threatlens.agent.bootstrap.AgentLog;
import com.threatlens.agent.pool.DatabaseAccess;

/**
 * Watches the SQLite files the application uses, on one connection of the agent's own per file,
 * opened through the application's own driver ({@link DatabaseAccess}): never through the agent's
 * copy of SQLite, whose closing of the file would drop the application's locks. It reads the schema for what makes a write reach tables it does not name (triggers,
 * views, foreign keys with ON DELETE/UPDATE actions): where there are any, every write counts as
 * a write of every table ({@link TableVersions#writesSpread}); the schema is read again after
 * each change of it. And it notices commits that other processes make, by asking
 * one read-only connection of the agent's own per file for {@code PRAGMA data_version} at an
 * interval: its value changes when any other connection committed. Commits of this JVM change
 * it too; a change in an interval in which this JVM finished writes to that database is taken
 * for those writes. So another process's commit is seen within one interval, unless this JVM
 * wrote to the same database in that interval, when it goes unseen (values it invalidated
 * then still expire with their time to live).
 */
final class ExternalWrites {

    /** Counts what lets a write change tables it does not name. */
    private static final String SPREADING_SCHEMA = "SELECT (SELECT count(*) FROM sqlite_master WHERE type IN ('trigger', 'view'))"
        + " + (SELECT count(*) FROM sqlite_master m, pragma_foreign_key_list(m.name) f WHERE m.type = 'table'"
        + " AND (f.on_delete NOT IN ('NO ACTION', 'RESTRICT') OR f.on_update NOT IN ('NO ACTION', 'RESTRICT')))";

    private final TableVersions versions;
    private final DatabaseAccess access;
    private final Consumer<String> changed;
    private final java.util.Set<String> unwatchable = ConcurrentHashMap.newKeySet();
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    /**
     * {@code changed} hears of each database another process wrote to. With {@code interval} zero,
     * only the schema is read (when a database is first seen and after DDL). {@code access} null:
     * no database can be read (pooling is off).
     */
    ExternalWrites(TableVersions versions, DatabaseAccess access, Duration interval, Consumer<String> changed) {
        this.versions = versions;
        this.access = access;
        this.changed = changed;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "threatlens-cache-data-version");
            thread.setDaemon(true);
            return thread;
        });
        versions.onNewDatabase(this::watch);
        if (!interval.isZero()) {
            timer.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Starts watching {@code database} now, before the first statement reads it: a commit made
     * elsewhere after this moment is noticed at the next poll.
     */
    void watch(String database) {
        String url = access == null ? null : access.urlOf(database);
        if (url == null) {
            cannotWatch(database);
            return;
        }
        watches.computeIfAbsent(database, Watch::new).check(url);
    }

    /**
     * A database the agent cannot read (not pooled: in memory, excluded, or pooling off): what its
     * schema makes a write reach is unknown, so every write to it counts as a write of every table,
     * and writes by other processes go unseen.
     */
    private void cannotWatch(String database) {
        versions.writesSpread(database, true);
        if (unwatchable.size() < 1_000 && unwatchable.add(database)) {
            AgentLog.debug("cache: " + database + " is not read by the agent (not pooled): each write to it "
                + "invalidates all its values, writes by other processes go unseen");
        }
    }

    /**
     * The schema of {@code database} changed (DDL in this JVM committed): read it again now,
     * before the application's next write.
     */
    void schemaChanged(String database) {
        Watch watch = watches.get(database);
        if (watch != null) {
            watch.schemaStale = true;
            watch(database);
        }
    }

    void poll() {
        try {
            for (String database : versions.databases()) {
                watch(database);
            }
        } catch (RuntimeException fault) {
            AgentLog.warn("checking for writes by other processes failed: " + fault);
        }
    }

    void close() {
        timer.shutdownNow();
        watches.values().forEach(Watch::close);
    }

    private final class Watch {
        private final String database;
        private DatabaseAccess.OwnConnection connection;
        private long dataVersion = -1;
        private long commits;
        private boolean failureLogged;
        private volatile boolean schemaStale = true;

        Watch(String database) {
            this.database = database;
        }

        synchronized void check(String url) {
            long commitsBefore = versions.commits(database);
            long current;
            try {
                current = dataVersion(url);
            } catch (SQLException failed) {
                close();
                if (!failureLogged) {
                    failureLogged = true;
                    AgentLog.warn("cannot watch " + database + " for writes by other processes: " + failed.getMessage());
                }
                return;
            }
            boolean changedElsewhere = dataVersion >= 0 && current != dataVersion && commitsBefore == commits;
            if (schemaStale || changedElsewhere) {
                schemaStale = false;
                readSchema();
            }
            if (changedElsewhere) {
                changed.accept(database);
            }
            dataVersion = current;
            commits = commitsBefore;
        }

        private long dataVersion(String url) throws SQLException {
            if (connection == null) {
                connection = access.open(url);
            }
            return connection.run(open -> {
                try (Statement statement = open.createStatement();
                     ResultSet row = statement.executeQuery("PRAGMA data_version")) {
                    return row.next() ? row.getLong(1) : -1L;
                }
            });
        }

        private void readSchema() {
            try {
                long spreading = connection.run(open -> {
                    try (Statement statement = open.createStatement();
                         ResultSet row = statement.executeQuery(SPREADING_SCHEMA)) {
                        return row.next() ? row.getLong(1) : 1L;
                    }
                });
                versions.writesSpread(database, spreading > 0);
            } catch (SQLException unreadable) {
                // When in doubt, every write reaches every table.
                versions.writesSpread(database, true);
            }
        }

        synchronized void close() {
            if (connection != null) {
                connection.close();
                connection = null;
            }
        }
    }
}
