package com.threatlens.agent.advisor;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.threatlens.sidecar.advisor.IndexUse;

/**
 * The existing indexes of a database as the observed plans use them: an index no plan reads is
 * unused (in the window the statistics cover), and a non-unique index whose columns are the first
 * columns of a longer index is redundant, since the longer one serves every lookup it serves.
 * Both are only reported; the advisor never drops an index. Indexes SQLite made for PRIMARY KEY
 * and UNIQUE constraints are left out: they cannot be dropped.
 */
final class IndexUsage {

    private IndexUsage() {
    }

    static List<IndexUse> of(IndexAnalysis.Result result) {
        List<SchemaSnapshot.ExistingIndex> existing = result.schema().indexes().stream()
            .filter(index -> !index.automatic()).toList();
        List<IndexUse> uses = new ArrayList<>();
        for (SchemaSnapshot.ExistingIndex index : existing) {
            List<String> users = result.indexUsers().getOrDefault(index.name().toLowerCase(Locale.ROOT), List.of());
            uses.add(new IndexUse(index.name(), index.table(),
                index.definition() == null ? List.of("(expression)") : index.definition().columnNames(), index.unique(),
                !users.isEmpty(), users, redundantWith(index, existing)));
        }
        return uses;
    }

    private static String redundantWith(SchemaSnapshot.ExistingIndex index, List<SchemaSnapshot.ExistingIndex> existing) {
        if (index.definition() == null || index.unique() || index.partial()) {
            return null;
        }
        return existing.stream()
            .filter(other -> other != index && other.definition() != null && !other.partial()
                && other.definition().columns().size() > index.definition().columns().size()
                && other.definition().covers(index.definition()))
            .map(SchemaSnapshot.ExistingIndex::name).findFirst().orElse(null);
    }
}
