package com.threatlens.agent.cache;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/** One write in flight: the table marks it raised, until its transaction ends. */
final class WriteMark {

    final String database;
    final List<TableMark> touched;
    private final AtomicBoolean finished = new AtomicBoolean();
    /** The write was DDL: the schema may have gained a trigger or a view. */
    volatile boolean schemaChange;

    WriteMark(String database, List<TableMark> touched) {
        this.database = database;
        this.touched = touched;
    }

    /** True the first time only: a mark is lowered once. */
    boolean finish() {
        return finished.compareAndSet(false, true);
    }

    /** The table names, for removing disk entries; null when the write's tables are unknown. */
    List<String> tableNames() {
        List<String> names = new java.util.ArrayList<>();
        for (TableMark mark : touched) {
            if (mark.part != null) {
                // A row mark: its table's own mark is touched too.
                continue;
            }
            if (mark.table.startsWith("*")) {
                if (mark.table.equals("*")) {
                    return null;
                }
                continue;
            }
            names.add(mark.table);
        }
        return names;
    }
}
