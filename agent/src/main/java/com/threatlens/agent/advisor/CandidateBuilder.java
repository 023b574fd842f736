package com.threatlens.agent.advisor;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Candidate indexes for one statement, from its shape, the way a B-tree can serve it: the
 * equality columns first, then one range column, then the ORDER BY (or GROUP BY) columns in
 * their order and direction. When the range column is not where the order starts, an index
 * cannot do both, so both variants are proposed and the planner chooses. A covering variant
 * (every column the statement reads from the table in the index, so the table itself is never
 * visited) is added when those columns are few. Candidates that an existing index already
 * serves, itself or by a prefix of its columns, are dropped.
 */
final class CandidateBuilder {

    /** A covering variant is proposed only up to this many key columns. */
    static final int MAX_COVERING_COLUMNS = 6;

    private CandidateBuilder() {
    }

    static List<IndexDefinition> candidates(StatementShape shape, SchemaSnapshot schema) {
        Set<IndexDefinition> candidates = new LinkedHashSet<>();
        for (TableUse use : shape.tables()) {
            for (IndexDefinition candidate : forTable(use)) {
                if (!servedByExisting(candidate, schema)) {
                    candidates.add(candidate);
                }
            }
        }
        return List.copyOf(candidates);
    }

    private static List<IndexDefinition> forTable(TableUse use) {
        if (use.equalities.stream().anyMatch(use::isRowid)) {
            return List.of(); // reached by its rowid: the table's own b-tree is the best index
        }
        List<IndexColumn> equalities = use.equalities.stream().map(IndexColumn::ascending).toList();
        IndexColumn range = use.ranges.stream().filter(column -> !use.equalities.contains(column.name())).findFirst()
            .orElse(null);
        List<IndexColumn> order = use.order.stream().filter(column -> !use.equalities.contains(column.name())).toList();
        List<List<IndexColumn>> keys = new ArrayList<>();
        if (range != null && !order.isEmpty() && !order.get(0).name().equalsIgnoreCase(range.name())) {
            keys.add(join(equalities, List.of(range)));
            keys.add(join(equalities, order));
        } else if (range != null && !order.isEmpty()) {
            keys.add(join(equalities, order));
        } else {
            keys.add(join(equalities, range == null ? order : List.of(range)));
        }
        List<IndexDefinition> found = new ArrayList<>();
        for (List<IndexColumn> key : keys) {
            if (key.isEmpty() || use.isRowid(key.get(0).name()) && !key.get(0).descending()) {
                continue;
            }
            found.add(new IndexDefinition(use.name(), key));
            List<IndexColumn> covering = covering(use, key);
            if (covering != null) {
                found.add(new IndexDefinition(use.name(), covering));
            }
        }
        return found;
    }

    private static List<IndexColumn> join(List<IndexColumn> first, List<IndexColumn> then) {
        List<IndexColumn> key = new ArrayList<>(first);
        for (IndexColumn column : then) {
            if (key.stream().noneMatch(present -> present.name().equalsIgnoreCase(column.name()))) {
                key.add(column);
            }
        }
        return key;
    }

    /** The key plus the other columns the statement reads, or null when that is all columns or too many. */
    private static List<IndexColumn> covering(TableUse use, List<IndexColumn> key) {
        if (use.readsAll) {
            return null;
        }
        List<IndexColumn> covering = new ArrayList<>(key);
        for (String column : use.read) {
            boolean present = covering.stream().anyMatch(indexed -> indexed.name().equalsIgnoreCase(column));
            if (!present && !use.isRowid(column)) {
                covering.add(IndexColumn.ascending(column));
            }
        }
        return covering.size() == key.size() || covering.size() > MAX_COVERING_COLUMNS ? null : covering;
    }

    static boolean servedByExisting(IndexDefinition candidate, SchemaSnapshot schema) {
        return schema.indexesOn(candidate.table()).stream()
            .anyMatch(index -> index.definition() != null && !index.partial() && index.definition().covers(candidate));
    }
}
