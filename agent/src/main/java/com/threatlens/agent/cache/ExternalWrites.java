package com.threatlens.agent.cache;

import java.io.File;
import java.sql.Connection;
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

import org.sqlite.SQLiteConfig;

import com.threatlens.agent.bootstrap.AgentLog;

/**
 * Notices commits that other processes make to the SQLite files the application uses, by asking
 * one read-only connection of the agent's own per file for {@code PRAGMA data_version} at an
 * interval: its value changes when any other connection committed. Commits of this JVM change
 * it too; a change in an interval in which this JVM finished writes to that database is taken
 * for those writes. So another process's commit is seen within one interval, unless this JVM
 * wrote to the same database in that interval, when it goes unseen (values it invalidated
 * then still expire with their time to live).
 */
final class ExternalWrites {

    private final TableVersions versions;
    private final Consumer<String> changed;
    private final Map<String, Watch> watches = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;

    /** {@code changed} hears of each database another process wrote to. */
    ExternalWrites(TableVersions versions, Duration interval, Consumer<String> changed) {
        this.versions = versions;
        this.changed = changed;
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "threatlens-cache-data-version");
            thread.setDaemon(true);
            return thread;
        });
        versions.onNewDatabase(this::watch);
        timer.scheduleWithFixedDelay(this::poll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Starts watching {@code database} now, before the first statement reads it: a commit made
     * elsewhere after this moment is noticed at the next poll.
     */
    void watch(String database) {
        File file = fileOf(database);
        if (file != null && file.isFile()) {
            watches.computeIfAbsent(database, Watch::new).check(file);
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

    /** The file of a {@code jdbc:sqlite:} database, or null (another driver, in memory, temporary). */
    static File fileOf(String database) {
        if (!database.startsWith("jdbc:sqlite:")) {
            return null;
        }
        String path = database.substring("jdbc:sqlite:".length());
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        }
        if (path.isEmpty() || path.contains(":memory:")) {
            return null;
        }
        return new File(path);
    }

    void close() {
        timer.shutdownNow();
        watches.values().forEach(Watch::close);
    }

    private final class Watch {
        private final String database;
        private Connection connection;
        private long dataVersion = -1;
        private long commits;
        private boolean failureLogged;

        Watch(String database) {
            this.database = database;
        }

        synchronized void check(File file) {
            long commitsBefore = versions.commits(database);
            long current;
            try {
                current = dataVersion(file);
            } catch (SQLException failed) {
                close();
                if (!failureLogged) {
                    failureLogged = true;
                    AgentLog.warn("cannot watch " + database + " for writes by other processes: " + failed.getMessage());
                }
                return;
            }
            if (dataVersion >= 0 && current != dataVersion && commitsBefore == commits) {
                changed.accept(database);
            }
            dataVersion = current;
            commits = commitsBefore;
        }

        private long dataVersion(File file) throws SQLException {
            if (connection == null) {
                SQLiteConfig config = new SQLiteConfig();
                config.setReadOnly(true);
                connection = config.createConnection("jdbc:sqlite:" + file.getAbsolutePath());
            }
            try (Statement statement = connection.createStatement();
                 ResultSet row = statement.executeQuery("PRAGMA data_version")) {
                return row.next() ? row.getLong(1) : -1;
            }
        }

        synchronized void close() {
            if (connection != null) {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // nothing to keep
                }
                connection = null;
            }
        }
    }
}
