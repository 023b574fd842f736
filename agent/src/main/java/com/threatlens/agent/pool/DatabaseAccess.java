package com.threatlens.agent.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

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

    /** Some work done on a connection, which is given back or closed afterwards. */
    @FunctionalInterface
    interface ConnectionWork<T> {
        T run(Connection connection) throws SQLException;
    }
}
