package com.threatlens.agent.cache;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.threatlens.agent.bootstrap.AgentLog;
import com.threatlens.agent.pool.DatabaseAccess;

/**
 * Watches the SQLite files the application uses, on one connection of the agent's own per file,
 * opened through the application's own driver ({@link DatabaseAccess}): never through the agent's
 * copy of SQLite, whose closing of the file would drop the application's locks. It reads the schema for what makes a write reach tables it does not name (triggers,
 * views, foreign keys with ON DELETE/UPDATE actions): where there are any, every write counts as
 * a write of every table ({@link TableVersions#writesSpread}); the schema is read again after
 * each change of it, and so are the primary keys that make statements point statements (see
 * {@link TableVersions}). And it notices commits that other processes make, by asking
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

    /** Every column of every table, for the primary keys. */
    private static final String COLUMNS = "SELECT m.name, m.sql, p.name, p.type, p.pk"
        + " FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table'";
    private static final Pattern WITHOUT_ROWID = Pattern.compile("\\bWITHOUT\\s+ROWID\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern DESCENDING = Pattern.compile("\\bDESC\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern COLLATE = Pattern.compile("\\bCOLLATE\\b", Pattern.CASE_INSENSITIVE);
    private static final List<String> ROWID_NAMES = List.of("rowid", "oid", "_rowid_");

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

    /**
     * Each table with a single-column primary key, and the names that denote that key: the
     * column, and for an {@code INTEGER PRIMARY KEY} of a rowid table (not declared DESC, which
     * SQLite does not take for an alias) the rowid names no column of the table takes. A key
     * declared with a collation is left out (its text keys could be equal without being the same
     * string), unless it is a rowid alias.
     */
    static Map<String, Set<String>> keyColumns(java.sql.Connection connection) throws SQLException {
        Map<String, List<String>> columns = new HashMap<>();
        Map<String, List<String[]>> keys = new HashMap<>();
        Map<String, String> definitions = new HashMap<>();
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(COLUMNS)) {
            while (row.next()) {
                String table = row.getString(1).toLowerCase(Locale.ROOT);
                String column = row.getString(3).toLowerCase(Locale.ROOT);
                definitions.put(table, row.getString(2) == null ? "" : row.getString(2));
                columns.computeIfAbsent(table, name -> new ArrayList<>()).add(column);
                if (row.getInt(5) > 0) {
                    keys.computeIfAbsent(table, name -> new ArrayList<>())
                        .add(new String[] {column, row.getString(4) == null ? "" : row.getString(4)});
                }
            }
        }
        Map<String, Set<String>> result = new HashMap<>();
        keys.forEach((table, key) -> {
            if (key.size() != 1) {
                return;
            }
            String definition = definitions.get(table);
            boolean rowidAlias = key.get(0)[1].equalsIgnoreCase("INTEGER") && !WITHOUT_ROWID.matcher(definition).find()
                && !DESCENDING.matcher(definition).find();
            if (!rowidAlias && COLLATE.matcher(definition).find()) {
                return;
            }
            Set<String> names = new HashSet<>();
            names.add(key.get(0)[0]);
            if (rowidAlias) {
                for (String rowid : ROWID_NAMES) {
                    if (!columns.get(table).contains(rowid)) {
                        names.add(rowid);
                    }
                }
            }
            result.put(table, Set.copyOf(names));
        });
        return Map.copyOf(result);
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
            long generation = versions.schemaGeneration(database);
            try {
                versions.keyColumns(database, connection.run(ExternalWrites::keyColumns), generation);
            } catch (SQLException unreadable) {
                versions.keyColumns(database, null, generation);
            }
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
