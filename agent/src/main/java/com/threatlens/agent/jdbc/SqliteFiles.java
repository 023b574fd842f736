package com.threatlens.agent.jdbc;

import java.io.File;

/** The file behind a {@code jdbc:sqlite:} database as statistics name it. */
public final class SqliteFiles {

    private SqliteFiles() {
    }

    /** The file of a {@code jdbc:sqlite:} database, or null (another driver, in memory, temporary). */
    public static File fileOf(String database) {
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
}
