package com.threatlens.agent.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.threatlens.agent.jdbc.DatabaseUrl;

/**
 * Per-table write marks that decide whether a cached value may be stored or served: the scheme of
 * Hibernate's query cache (update timestamps), with a monotonic counter instead of a clock.
 *
 * <p>A write first <em>begins</em> on the tables it touches: each one's writer count goes up, and
 * while it is above zero nothing that read the table is stored or served. When the write's
 * transaction commits or rolls back it <em>finishes</em>: the counter advances and each table
 * records the new value as its last write, then its writer count goes down (in that order, so a
 * reader that sees no writer also sees the new value). A value computed by a call that read the
 * counter ({@link #now()}) before its first query is fresh while none of the tables it read has a
 * writer or a last write above that reading. A write that committed before the call began has a
 * last write at or below the reading; one that began before and committed after has a last write
 * above it or a writer still counted.
 *
 * <p>Besides its tables, each database has two marks: {@code anyTable}, which every write to the
 * database also touches (for values whose reads could not be told apart), and {@code everything},
 * touched by writes whose tables are unknown and by changes made by other processes, which every
 * value that read the database depends on. The marks are never evicted and never use wall-clock
 * time; past {@link #MAX_TABLES} distinct tables, further table names share the database's
 * {@code everything} mark, which only makes invalidation coarser.
 */
final class TableVersions {

    static final int MAX_TABLES = 100_000;
    private static final String UNKNOWN_DATABASE = DatabaseUrl.UNKNOWN;

    private final AtomicLong counter = new AtomicLong();
    private final ConcurrentHashMap<String, DatabaseMarks> databases = new ConcurrentHashMap<>();
    private final AtomicLong tables = new AtomicLong();
    private volatile java.util.function.Consumer<String> newDatabases;
    /** Touched by writes whose database is unknown: every tracked value depends on it. */
    private final TableMark everywhere = new TableMark("*", "*");

    /** The counter now: read it before a call's first query. */
    long now() {
        return counter.get();
    }

    TableMark table(String database, String table) {
        DatabaseMarks marks = database(database);
        String name = table.toLowerCase(Locale.ROOT);
        TableMark mark = marks.tables.get(name);
        if (mark != null) {
            return mark;
        }
        if (tables.get() >= MAX_TABLES) {
            return marks.everything;
        }
        return marks.tables.computeIfAbsent(name, key -> {
            tables.incrementAndGet();
            return new TableMark(marks.name, key);
        });
    }

    TableMark anyTable(String database) {
        return database(database).anyTable;
    }

    TableMark everything(String database) {
        return database(database).everything;
    }

    TableMark everywhere() {
        return everywhere;
    }

    /** A write to {@code tables} of {@code database} begins (null or empty tables: unknown). */
    WriteMark begin(String database, List<String> tableNames) {
        List<TableMark> touched = new ArrayList<>();
        if (database == null || UNKNOWN_DATABASE.equals(database)) {
            touched.add(everywhere);
        } else {
            DatabaseMarks marks = database(database);
            touched.add(marks.anyTable);
            if (tableNames == null || tableNames.isEmpty() || marks.writesSpread) {
                touched.add(marks.everything);
            } else {
                for (String table : tableNames) {
                    TableMark mark = table(database, table);
                    if (!touched.contains(mark)) {
                        touched.add(mark);
                    }
                }
            }
        }
        for (TableMark mark : touched) {
            mark.writers.incrementAndGet();
        }
        return new WriteMark(database, touched);
    }

    /**
     * The write of {@code mark} committed or rolled back. Returns the counter value it took, or -1
     * when the mark was lowered before.
     */
    long finish(WriteMark mark) {
        if (!mark.finish()) {
            return -1;
        }
        long version = counter.incrementAndGet();
        if (mark.database != null) {
            database(mark.database).commits.incrementAndGet();
        }
        for (TableMark table : mark.touched) {
            table.lastWrite.accumulateAndGet(version, Math::max);
            table.writers.decrementAndGet();
        }
        return version;
    }

    /** A change of unknown extent made elsewhere (another process) to {@code database}. */
    long changedElsewhere(String database) {
        return finish(begin(database, null));
    }

    /** The databases any value or write has touched. */
    java.util.Set<String> databases() {
        return databases.keySet();
    }

    /**
     * Whether a write to {@code database} may change tables it does not name (triggers, views,
     * cascading foreign keys): then every write counts as a write of every table.
     */
    void writesSpread(String database, boolean spread) {
        database(database).writesSpread = spread;
    }

    /** How many writes to {@code database} this JVM has finished. */
    long commits(String database) {
        return database(database).commits.get();
    }

    /** Called once for each database when it is first seen, before anything reads it. */
    void onNewDatabase(java.util.function.Consumer<String> listener) {
        this.newDatabases = listener;
    }

    private DatabaseMarks database(String database) {
        String key = database == null ? UNKNOWN_DATABASE : database;
        DatabaseMarks marks = databases.get(key);
        if (marks != null) {
            return marks;
        }
        boolean[] created = new boolean[1];
        marks = databases.computeIfAbsent(key, name -> {
            created[0] = true;
            return new DatabaseMarks(name);
        });
        java.util.function.Consumer<String> listener = newDatabases;
        if (created[0] && listener != null) {
            listener.accept(key);
        }
        return marks;
    }

    private static final class DatabaseMarks {
        final String name;
        final ConcurrentHashMap<String, TableMark> tables = new ConcurrentHashMap<>();
        final TableMark anyTable;
        final TableMark everything;
        final AtomicLong commits = new AtomicLong();
        /** The schema has triggers, views or cascading foreign keys: a write may reach any table. */
        volatile boolean writesSpread;

        DatabaseMarks(String name) {
            this.name = name;
            this.anyTable = new TableMark(name, "*any");
            this.everything = new TableMark(name, "*");
        }
    }
}
