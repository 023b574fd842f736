package com.threatlens.agent.advisor;

import java.util.List;
import java.util.stream.Collectors;

/** An index by what it is made of: a table and its key columns in order. */
record IndexDefinition(String table, List<IndexColumn> columns) {

    IndexDefinition {
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("an index needs a column");
        }
    }

    String name() {
        return SqlNames.indexName(table, columns);
    }

    /** {@code CREATE INDEX IF NOT EXISTS}, every identifier quoted. */
    String createSql() {
        return "CREATE INDEX IF NOT EXISTS " + SqlNames.quote(name()) + " ON " + SqlNames.quote(table) + " ("
            + columns.stream().map(IndexColumn::ddl).collect(Collectors.joining(", ")) + ")";
    }

    /** Whether this index serves every lookup {@code other} serves: same table, {@code other}'s columns its prefix. */
    boolean covers(IndexDefinition other) {
        if (!table.equalsIgnoreCase(other.table) || other.columns.size() > columns.size()) {
            return false;
        }
        for (int i = 0; i < other.columns.size(); i++) {
            if (!columns.get(i).serves(other.columns.get(i))) {
                return false;
            }
        }
        return true;
    }

    List<String> columnNames() {
        return columns.stream().map(IndexColumn::toString).toList();
    }

    @Override
    public String toString() {
        return table + "(" + columns.stream().map(IndexColumn::toString).collect(Collectors.joining(", ")) + ")";
    }
}
