package com.threatlens.agent.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Properties;

import com.threatlens.agent.pool.DatabaseAccess;

/**
 * The agent's access to databases as tests give it: plain connections of the test's own
 * sqlite-jdbc to the named URLs (the only copy of SQLite in a test JVM), read-only for reads.
 */
public final class PlainDatabaseAccess implements DatabaseAccess {

    private final List<String> urls;

    public PlainDatabaseAccess(String... urls) {
        this.urls = List.of(urls);
    }

    @Override
    public List<String> databaseUrls() {
        return urls;
    }

    @Override
    public <T> T read(String url, ConnectionWork<T> work) throws SQLException {
        Properties readOnly = new Properties();
        readOnly.setProperty("open_mode", "1");
        try (Connection connection = DriverManager.getConnection(url, readOnly)) {
            return work.run(connection);
        }
    }

    @Override
    public <T> T write(String url, ConnectionWork<T> work) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url)) {
            return work.run(connection);
        }
    }

    @Override
    public OwnConnection open(String url) throws SQLException {
        Connection connection = DriverManager.getConnection(url);
        return new OwnConnection() {
            @Override
            public <T> T run(ConnectionWork<T> work) throws SQLException {
                return work.run(connection);
            }

            @Override
            public void close() {
                try {
                    connection.close();
                } catch (SQLException ignored) {
                    // nothing is left to release
                }
            }
        };
    }
}
