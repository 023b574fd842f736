package com.threatlens.agent.cache;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The write mark of one table (or of a whole database), or of a part of a table's rows ({@link
 * RowMarks}); see {@link TableVersions}.
 */
final class TableMark {

    final String database;
    /** The table's name; {@code *} and {@code *any} for a database's own marks. */
    final String table;
    /** Which of the table's row marks this is ({@code whole}, {@code inserts}, {@code row N}); null: the table's. */
    final String part;
    final AtomicInteger writers = new AtomicInteger();
    final AtomicLong lastWrite = new AtomicLong();
    /** A table mark's row marks, made when first needed (see {@link TableVersions#rows}). */
    volatile RowMarks rows;

    TableMark(String database, String table) {
        this(database, table, null);
    }

    TableMark(String database, String table, String part) {
        this.database = database;
        this.table = table;
        this.part = part;
    }

    /** What a value that read this table at {@code version} may do now. */
    Freshness freshness(long version) {
        if (writers.get() > 0) {
            return lastWrite.get() > version ? Freshness.STALE : Freshness.BEING_WRITTEN;
        }
        return lastWrite.get() > version ? Freshness.STALE : Freshness.FRESH;
    }

    /** The worst freshness over {@code marks}. */
    static Freshness freshness(TableMark[] marks, long version) {
        Freshness worst = Freshness.FRESH;
        for (TableMark mark : marks) {
            Freshness each = mark.freshness(version);
            if (each == Freshness.STALE) {
                return each;
            }
            if (each == Freshness.BEING_WRITTEN) {
                worst = each;
            }
        }
        return worst;
    }

    @Override
    public String toString() {
        return part == null ? database + "/" + table : database + "/" + table + "#" + part;
    }
}
