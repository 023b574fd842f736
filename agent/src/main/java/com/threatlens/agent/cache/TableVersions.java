package com.threatlens.agent.cache;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.threatlens.agent.jdbc.DatabaseUrl;
import com.threatlens.agent.jdbc.PointShape;
import com.threatlens.agent.jdbc.RowKey;

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
 *
 * <p><b>Rows.</b> A point statement reads or writes the one row whose primary key is bound to a
 * parameter ({@link PointShape}, {@link RowKey}). Each table has, besides its own mark, which
 * every write of it touches and range reads keep depending on, {@link RowMarks}: {@code whole},
 * touched by every write of it that is not a point write (DDL, range writes, writes of a shape or
 * key not understood); {@code inserts}, touched by plain INSERTs whose new row's key is unknown
 * (a point read of that key may have found nothing); and stripes, one of which each point write
 * touches instead. A point read depends on {@code whole}, {@code inserts} and its key's stripe
 * (and {@code everything}, {@code everywhere}) instead of the table's mark. So a point write of
 * row 1 leaves a point read of row 2 fresh unless their keys share a stripe. A statement is a
 * point statement only when the schema, read by {@link ExternalWrites}, says the compared column
 * is its table's single-column primary key (or, for an {@code INTEGER PRIMARY KEY}, a rowid
 * alias); until the schema is known, while DDL runs, for tables past {@link #MAX_ROW_TABLES},
 * in a database with temporary tables, and with row-level invalidation off, every statement is
 * table-level. Writes always touch row marks when their table has them, so a change between
 * table-level and row-level at any moment never hides a write.
 */
final class TableVersions {

    static final int MAX_TABLES = 100_000;
    /** Tables that may have row marks; beyond them, statements are table-level. */
    static final int MAX_ROW_TABLES = 1_000;
    private static final String UNKNOWN_DATABASE = DatabaseUrl.UNKNOWN;

    private final AtomicLong counter = new AtomicLong();
    private final ConcurrentHashMap<String, DatabaseMarks> databases = new ConcurrentHashMap<>();
    private final AtomicLong tables = new AtomicLong();
    private final AtomicLong rowTables = new AtomicLong();
    private volatile boolean rowLevel = true;
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

    /** Whether point statements are kept to their rows (on unless switched off). */
    void rowLevel(boolean on) {
        rowLevel = on;
    }

    /** A write to {@code tables} of {@code database} begins (null or empty tables: unknown). */
    WriteMark begin(String database, List<String> tableNames) {
        return begin(database, tableNames, null);
    }

    /**
     * A write to {@code tables} of {@code database} begins (null or empty tables: unknown);
     * {@code key}: the row a point write names, or null.
     */
    WriteMark begin(String database, List<String> tableNames, RowKey key) {
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
                    RowMarks rows = rows(mark);
                    if (rows != null) {
                        TableMark row = writeMark(marks, rows, tableNames.size() == 1 ? key : null);
                        if (!touched.contains(row)) {
                            touched.add(row);
                        }
                    }
                }
            }
        }
        for (TableMark mark : touched) {
            mark.writers.incrementAndGet();
        }
        return new WriteMark(database, touched);
    }

    /** Which row mark a write of a table with row marks touches. */
    private TableMark writeMark(DatabaseMarks marks, RowMarks rows, RowKey key) {
        if (key == null || key.shape().kind() == PointShape.Kind.READ) {
            return rows.whole;
        }
        Set<String> keyColumns = keysOf(marks, key.shape());
        if (keyColumns == null) {
            return rows.whole;
        }
        Object row = keyOf(keyColumns, key);
        if (row != null) {
            return rows.stripe(row);
        }
        // A plain INSERT only adds rows; the new one's key is unknown.
        return key.shape().kind() == PointShape.Kind.INSERT ? rows.inserts : rows.whole;
    }

    /**
     * The marks a point read of {@code key} depends on instead of its table's mark, or null when
     * it is to depend on its table's.
     */
    TableMark[] pointRead(String database, RowKey key) {
        if (key == null || key.shape().kind() != PointShape.Kind.READ || !rowLevel) {
            return null;
        }
        Set<String> keyColumns = keysOf(database(database), key.shape());
        Object row = keyColumns == null ? null : keyOf(keyColumns, key);
        RowMarks rows = row == null ? null : rows(table(database, key.shape().table()));
        return rows == null ? null : new TableMark[] {rows.whole, rows.inserts, rows.stripe(row)};
    }

    /** The key column names of the shape's table, or null when it is not to be a point statement. */
    private Set<String> keysOf(DatabaseMarks marks, PointShape shape) {
        Map<String, Set<String>> keys = marks.keys;
        if (keys == null || marks.temporaryTables) {
            return null;
        }
        Set<String> columns = keys.get(shape.table());
        if (columns == null) {
            return null;
        }
        for (String assigned : shape.assigned()) {
            if (columns.contains(assigned)) {
                // The row gets another key: both keys' point reads would have to go.
                return null;
            }
        }
        return columns;
    }

    /** The canonical key bound to the shape's key column, or null when none is or it is unknown. */
    private static Object keyOf(Set<String> keyColumns, RowKey key) {
        PointShape shape = key.shape();
        for (int i = 0; i < shape.candidates(); i++) {
            if (keyColumns.contains(shape.column(i))) {
                return key.value(i);
            }
        }
        return null;
    }

    /** The row marks of a table mark, made on first use; null when it has none (nor ever will). */
    private RowMarks rows(TableMark table) {
        if (!rowLevel || table.part != null || table.table.startsWith("*")) {
            return null;
        }
        RowMarks rows = table.rows;
        if (rows != null) {
            return rows;
        }
        synchronized (table) {
            // Once the limit is reached no table gets row marks: one refused now is refused for good.
            if (table.rows == null && rowTables.get() < MAX_ROW_TABLES) {
                rowTables.incrementAndGet();
                table.rows = new RowMarks(table.database, table.table);
            }
            return table.rows;
        }
    }

    /**
     * The primary key columns of {@code database}'s tables, read from its schema when it was at
     * {@code generation} ({@link #schemaGeneration}): table name to the names that denote its key.
     * Ignored when the schema changed since.
     */
    void keyColumns(String database, Map<String, Set<String>> keys, long generation) {
        DatabaseMarks marks = database(database);
        synchronized (marks) {
            if (marks.schemaGeneration == generation) {
                marks.keys = keys;
            }
        }
    }

    long schemaGeneration(String database) {
        DatabaseMarks marks = database(database);
        synchronized (marks) {
            return marks.schemaGeneration;
        }
    }

    /**
     * DDL is about to run on {@code database}: its keys are unknown until read again. A temporary
     * table can hide a table of the same name on one connection, so it ends row-level marks there.
     */
    void schemaChanging(String database, boolean temporaryTable) {
        DatabaseMarks marks = database(database);
        synchronized (marks) {
            marks.schemaGeneration++;
            marks.keys = null;
            marks.temporaryTables |= temporaryTable;
        }
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
        /** Table name to the names of its single-column primary key; null while unknown. */
        volatile Map<String, Set<String>> keys;
        /** Counts schema changes, so that a reading of the schema older than one is not used. */
        long schemaGeneration;
        /** A temporary table was created on some connection: no point statements here. */
        volatile boolean temporaryTables;

        DatabaseMarks(String name) {
            this.name = name;
            this.anyTable = new TableMark(name, "*any");
            this.everything = new TableMark(name, "*");
        }
    }
}
