package com.threatlens.example.data;

import java.nio.file.Path;

/**
 * Where the SQLite database lives. Services keep one of these and open a new JDBC
 * connection from its URL for every call.
 */
public record DatabaseFile(Path path) {

    public DatabaseFile {
        path = path.toAbsolutePath().normalize();
    }

    public String jdbcUrl() {
        return "jdbc:sqlite:" + path;
    }
}
