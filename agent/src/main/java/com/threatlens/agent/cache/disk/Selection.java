package com.threatlens.agent.cache.disk;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Which entries a removal deletes: a WHERE clause over {@code entries}, every value a bound parameter. */
record Selection(String where, List<Object> parameters) {

    static Selection all() {
        return new Selection("1 = 1", List.of());
    }

    static Selection key(String region, String key) {
        return new Selection("region = ? AND key = ?", values(region, key));
    }

    static Selection region(String region) {
        return new Selection("region = ?", values(region));
    }

    /** Entries carrying {@code tag}, in {@code region} or, when it is null, in every region. */
    static Selection tag(String tag, String region) {
        String tagged = "id IN (SELECT entry_id FROM entry_tags WHERE tag = ?)";
        return region == null
            ? new Selection(tagged, values(tag))
            : new Selection(tagged + " AND region = ?", values(tag, region));
    }

    /** Entries that read any table of {@code database}. */
    static Selection database(String database) {
        return new Selection("id IN (SELECT entry_id FROM entry_tables WHERE database = ?)", values(database));
    }

    /** Entries that read one of {@code tables} of {@code database}, or any table of it. */
    static Selection tables(String database, Collection<String> tables) {
        Set<String> names = new LinkedHashSet<>(tables);
        names.add(TableRef.ANY_TABLE);
        List<Object> parameters = new ArrayList<>(names.size() + 1);
        parameters.add(database);
        parameters.addAll(names);
        String placeholders = String.join(", ", Collections.nCopies(names.size(), "?"));
        return new Selection("id IN (SELECT entry_id FROM entry_tables WHERE database = ? AND tbl IN (" + placeholders + "))",
            parameters);
    }

    private static List<Object> values(Object... values) {
        return Collections.unmodifiableList(Arrays.asList(values));
    }

    static Selection expired(long nowMillis) {
        return new Selection("expires_at <= ?", values(nowMillis));
    }

    /** The entry at (region, key) if it is still the expired one a reader saw, not a newer write. */
    static Selection expiredKey(EntryKey key, long nowMillis) {
        return new Selection("region = ? AND key = ? AND expires_at <= ?", List.of(key.region(), key.key(), nowMillis));
    }
}
