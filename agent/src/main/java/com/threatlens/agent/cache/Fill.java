package com.threatlens.agent.cache;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.threatlens.agent.jdbc.RowKey;
import com.threatlens.agent.jdbc.StatementIdentity;
import com.threatlens.agent.jdbc.TableReads;

/**
 * A cached method running on a miss: the counter reading it began with, the table marks of what it
 * reads (it is the thread's {@link TableReads} collector meanwhile; a point read adds its row's
 * marks instead of its table's, see {@link TableVersions}), and, when other callers wait for the
 * same key, the latch they wait on.
 */
final class Fill implements TableReads {

    final CacheKey key;
    final Object[] arguments;
    final Object instance;
    final long version;
    final long startNanos;
    /** The count of explicit invalidations when this fill began. */
    final long invalidationsAtStart;
    /** The collector this fill replaced on its thread (an enclosing fill), restored when it ends. */
    final TableReads outer;
    final Thread thread = Thread.currentThread();
    private final TableVersions versions;
    private final Set<TableMark> reads = new LinkedHashSet<>();
    private boolean unknownRead;
    private boolean registered;
    private final CountDownLatch done = new CountDownLatch(1);
    private volatile CachedEntry result;

    Fill(CacheKey key, Object[] arguments, Object instance, TableVersions versions, TableReads outer, long startNanos,
         long invalidationsAtStart) {
        this.invalidationsAtStart = invalidationsAtStart;
        this.key = key;
        this.arguments = arguments;
        this.instance = instance;
        this.versions = versions;
        this.version = versions.now();
        this.outer = outer;
        this.startNanos = startNanos;
    }

    @Override
    public void read(String database, StatementIdentity identity, RowKey key) {
        if (identity == null) {
            unknownRead = true;
            return;
        }
        TableMark[] row = versions.pointRead(database, key);
        if (row != null) {
            Collections.addAll(reads, row);
        } else if (identity.tables().isEmpty()) {
            reads.add(versions.anyTable(database));
        } else {
            for (String table : identity.tables()) {
                reads.add(versions.table(database, table));
            }
        }
        reads.add(versions.everything(database));
        reads.add(versions.everywhere());
    }

    /** The computation reads {@code tables} of {@code database}, as it says itself. */
    void readTables(String database, java.util.List<String> tables) {
        for (String table : tables) {
            reads.add(versions.table(database, table));
        }
        reads.add(versions.everything(database));
        reads.add(versions.everywhere());
    }

    /** A cached value this fill used (a nested cached method's hit): its reads are this fill's too. */
    void readEntry(CachedEntry entry) {
        for (TableMark mark : entry.reads) {
            reads.add(mark);
        }
    }

    /** A nested fill ended: what it read, this fill read. */
    void absorb(Fill inner) {
        reads.addAll(inner.reads);
        unknownRead |= inner.unknownRead;
    }

    boolean readUnknown() {
        return unknownRead;
    }

    TableMark[] marks() {
        return reads.toArray(new TableMark[0]);
    }

    void registered() {
        registered = true;
    }

    boolean isRegistered() {
        return registered;
    }

    /** Wakes the callers waiting for this fill; {@code entry} is null when nothing was stored. */
    void release(CachedEntry entry) {
        result = entry;
        done.countDown();
    }

    /** Waits for this fill to end; its stored entry, or null (nothing stored, or the wait ran out). */
    CachedEntry await(long timeoutNanos) {
        try {
            return done.await(timeoutNanos, TimeUnit.NANOSECONDS) ? result : null;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
