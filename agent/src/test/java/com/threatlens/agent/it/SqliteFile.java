package com.threatlens.agent.it;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A fresh SQLite database file, opened through the application's own sqlite-jdbc as any host
 * would. Its URL is exactly what the agent reports as the statements' {@code database}, so
 * filtering on it isolates one test's statements from everything else the JVM ran.
 */
final class SqliteFile {

    /** A file name the agent's test configuration excludes from pooling ({@code pool.exclude}). */
    static final String UNPOOLED = "unpooled.db";

    private final Path path;

    private SqliteFile(Path path) {
        this.path = path.toAbsolutePath().normalize();
    }

    /** A new database {@code name} in {@code directory}, with {@code ddl} run on it. */
    static SqliteFile create(Path directory, String name, String... ddl) throws SQLException {
        SqliteFile file = new SqliteFile(directory.resolve(name));
        try (Connection connection = file.connect(); Statement statement = connection.createStatement()) {
            for (String sql : ddl) {
                statement.executeUpdate(sql);
            }
        }
        return file;
    }

    Path path() {
        return path;
    }

    /** The JDBC URL, which is also the {@code database} the agent reports. */
    String url() {
        return "jdbc:sqlite:" + path;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url());
    }
}
