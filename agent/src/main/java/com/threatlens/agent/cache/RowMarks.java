package com.threatlens.agent.cache;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The row-level marks of one table (see {@link TableVersions}): {@code whole}, touched by every
 * write of the table that is not a point write; {@code inserts}, touched by inserts of rows whose
 * key is unknown; and {@value #STRIPES} stripes, each touched by point writes of the keys that hash
 * to it. Stripes are made when first used, so a table costs at most a fixed array and one mark
 * per stripe used. Two keys of one stripe invalidate each other's values: coarser, never wrong.
 */
final class RowMarks {

    static final int STRIPES = 4096;

    final TableMark whole;
    final TableMark inserts;
    private final String database;
    private final String table;
    private final AtomicReferenceArray<TableMark> stripes = new AtomicReferenceArray<>(STRIPES);

    RowMarks(String database, String table) {
        this.database = database;
        this.table = table;
        this.whole = new TableMark(database, table, "whole");
        this.inserts = new TableMark(database, table, "inserts");
    }

    /** The stripe of {@code key}, a canonical key ({@link com.threatlens.agent.jdbc.RowKey#canonical}). */
    TableMark stripe(Object key) {
        int index = mix(key.hashCode()) & (STRIPES - 1);
        TableMark mark = stripes.get(index);
        if (mark == null) {
            TableMark made = new TableMark(database, table, "row " + index);
            mark = stripes.compareAndExchange(index, null, made);
            if (mark == null) {
                mark = made;
            }
        }
        return mark;
    }

    /** Murmur3's finalizer: consecutive keys land on unrelated stripes. */
    private static int mix(int hash) {
        int h = hash;
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return h;
    }
}
