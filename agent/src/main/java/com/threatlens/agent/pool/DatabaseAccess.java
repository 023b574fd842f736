package com.threatlens.agent.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import com.threatlens.agent.jdbc.DatabaseUrl;

/**
 * The agent's own access to the application's SQLite databases (its search, analytics and index
 * work), always through the application's own driver: a second copy of SQLite in the process (the
 * agent's) must never open the application's file, since SQLite's POSIX locks belong to the
 * process and one copy closing the file drops the other copy's locks.
 *
 * <p>Statements run here are the agent's: they are not counted in the application's statistics.
 */
public interface DatabaseAccess {

    /** The URLs of the databases the application has opened through a pool, first opened first. */
    List<String> databaseUrls();

    /**
     * Runs {@code work} on a pooled read-only connection to {@code url} (one of
     * {@link #databaseUrls()}).
     *
     * @throws SQLException from the work, or when the application has not opened {@code url}
     */
    <T> T read(String url, ConnectionWork<T> work) throws SQLException;

    /**
     * Runs {@code work} on a connection of its own to {@code url}, opened as the application opens
     * it, tuned like the pool's, and closed afterwards: for the agent's rare writes (DDL).
     */
    <T> T write(String url, ConnectionWork<T> work) throws SQLException;

    /**
     * A connection of the agent's own to {@code url}, opened as the application opens it and kept
     * until closed: for work that must see one connection over time ({@code PRAGMA data_version}).
     */
    OwnConnection open(String url) throws SQLException;

    /**
     * The URL the application opened for {@code database} as statistics name it (a URL without its
     * parameters), or null when it opened none through a pool.
     */
    default String urlOf(String database) {
        for (String url : databaseUrls()) {
            if (DatabaseUrl.sanitize(url).equals(database)) {
                return url;
            }
        }
        return null;
    }

    /** A connection kept open; its work is the agent's, not counted in the application's statistics. */
    interface OwnConnection extends AutoCloseable {

        <T> T run(ConnectionWork<T> work) throws SQLException;

        @Override
        void close();
    }

    /** Some work done on a connection, which is given back or closed afterwards. */
    @FunctionalInterface
    interface ConnectionWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
