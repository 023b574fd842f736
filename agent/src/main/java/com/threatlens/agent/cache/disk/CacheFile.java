package com.threatlens.agent.cache.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import org.sqlite.SQLiteConfig;
import org.sqlite.jdbc4.JDBC4Connection;

/**
 * The agent's SQLite file and how connections to it are opened.
 *
 * <p>Connections are created directly, not through {@code DriverManager} or
 * {@code org.sqlite.JDBC}: loading that class would register the agent's copy of the driver
 * in the JVM-wide {@code DriverManager}, and nothing here needs driver registration.
 */
final class CacheFile {

    static final String NAME = "threatlens-cache.db";
    private static final String[] COMPANIONS = {"", "-wal", "-shm"};
    private static final int BUSY_TIMEOUT_MILLIS = 2_000;
    private static final int SQLITE_CORRUPT = 11;
    private static final int SQLITE_NOTADB = 26;

    private final Path path;

    CacheFile(Path directory) {
        this.path = directory.resolve(NAME);
    }

    Path path() {
        return path;
    }

    Connection connect() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.enforceForeignKeys(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        return new JDBC4Connection("jdbc:sqlite:" + path, path.toString(), config.toProperties());
    }

    /** Moves the file and its WAL and shared-memory companions to {@code <name>.corrupt-<millis>}. */
    Path moveAside(long millis) throws IOException {
        Path target = path.resolveSibling(NAME + ".corrupt-" + millis);
        for (String suffix : COMPANIONS) {
            Path source = path.resolveSibling(NAME + suffix);
            if (Files.exists(source)) {
                Files.move(source, target.resolveSibling(target.getFileName() + suffix));
            }
        }
        return target;
    }

    /** SQLite said the file is damaged or is not a database at all. */
    static boolean isCorruption(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql) {
                int primary = sql.getErrorCode() & 0xff;
                if (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) {
                    return true;
                }
            }
        }
        return false;
    }

    static SQLException corruption(String message) {
        return new SQLException(message, null, SQLITE_CORRUPT);
    }
}
