package com.threatlens.agent.cache.disk;

import java.util.Objects;

/** A table a cached result was read from; {@value #ANY_TABLE} stands for every table of the database. */
public record TableRef(String database, String table) {

    public static final String ANY_TABLE = "*";

    public TableRef {
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(table, "table");
    }
}
