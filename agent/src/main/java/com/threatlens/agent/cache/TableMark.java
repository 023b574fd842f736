package com.threatlens.agent.cache;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** The write mark of one table (or of a whole database); see {@link TableVersions}. */
final class TableMark {

    final String database;
    final String table;
    final AtomicInteger writers = new AtomicInteger();
    final AtomicLong lastWrite = new AtomicLong();

    TableMark(String database, String table) {
        this.database = database;
        this.table = table;
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
        return database + "/" + table;
    }
}
