package com.threatlens.agent.advisor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How one statement uses one table, as far as an index could help: the columns it compares for
 * equality (joins included), the columns it limits to a range, the order it asks for, and the
 * columns it reads. Filled in by {@link ShapeReader}.
 */
final class TableUse {

    final SchemaSnapshot.Table table;
    /** The table's name and every alias it has in the statement: plans name either. */
    final Set<String> names = new LinkedHashSet<>();
    final Set<String> equalities = new LinkedHashSet<>();
    final List<IndexColumn> ranges = new ArrayList<>();
    final List<IndexColumn> order = new ArrayList<>();
    final Set<String> read = new LinkedHashSet<>();
    boolean readsAll;

    TableUse(SchemaSnapshot.Table table) {
        this.table = table;
        names.add(table.name());
    }

    String name() {
        return table.name();
    }

    boolean isRowid(String column) {
        return column.equalsIgnoreCase(table.rowidColumn());
    }
}
