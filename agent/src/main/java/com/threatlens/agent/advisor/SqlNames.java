package com.threatlens.agent.advisor;

import java.util.Locale;

/** Identifiers put into the DDL the advisor writes: always quoted, so no name is read as SQL. */
final class SqlNames {

    private static final int MAX_INDEX_NAME = 120;

    private SqlNames() {
    }

    /** {@code name} as a quoted SQLite identifier ({@code "a""b"} for {@code a"b}). */
    static String quote(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }

    /** A readable index name: letters, digits and underscores only, lower case, bounded. */
    static String indexName(String table, Iterable<IndexColumn> columns) {
        StringBuilder name = new StringBuilder("idx_").append(table);
        for (IndexColumn column : columns) {
            name.append('_').append(column.name());
            if (column.nocase()) {
                name.append("_nocase");
            }
            if (column.descending()) {
                name.append("_desc");
            }
        }
        String clean = name.toString().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return clean.length() <= MAX_INDEX_NAME ? clean : clean.substring(0, MAX_INDEX_NAME);
    }
}
