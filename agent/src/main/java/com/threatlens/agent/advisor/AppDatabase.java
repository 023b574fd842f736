package com.threatlens.agent.advisor;

import java.io.File;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import org.sqlite.SQLiteConfig;

/**
 * Connections of the advisor's own to the application's database file, through the agent's own
 * sqlite-jdbc: the agent's class loader is not instrumented, so they are neither counted in the
 * statistics nor pooled. Analysis uses read-only ones, which cannot take a write lock.
 */
final class AppDatabase {

    private AppDatabase() {
    }

    static Connection readOnly(File file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(2_000);
        return config.createConnection("jdbc:sqlite:" + file.getAbsolutePath());
    }

    /** A writable connection that waits up to {@code busyTimeout} for another connection's lock. */
    static Connection writable(File file, Duration busyTimeout) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        return config.createConnection("jdbc:sqlite:" + file.getAbsolutePath());
    }
}
