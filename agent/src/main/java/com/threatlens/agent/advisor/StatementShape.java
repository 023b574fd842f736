package com.threatlens.agent.advisor;

import java.util.List;

/**
 * The parts of a statement an index could serve, per table it reads, and the reasons some of
 * its terms cannot be served by any B-tree index (an infix LIKE, a function over a column, an
 * OR across columns), said as sentences for the user.
 */
record StatementShape(List<TableUse> tables, List<String> unindexable) {

    StatementShape {
        tables = List.copyOf(tables);
        unindexable = List.copyOf(unindexable);
    }

    /** The use of the table that {@code name} (its name or an alias) stands for, if the statement reads it. */
    TableUse use(String name) {
        for (TableUse use : tables) {
            if (use.names.stream().anyMatch(known -> known.equalsIgnoreCase(name))) {
                return use;
            }
        }
        return null;
    }
}
