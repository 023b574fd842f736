package com.threatlens.agent.cache.disk;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import com.threatlens.agent.bootstrap.AgentLog;

/**
 * The one thread that changes the cache file, and the owner of its connections.
 *
 * <p>Every change is an operation in one queue, applied in order: a removal therefore always
 * comes after the writes queued before it, and no write it matches can reappear. The thread
 * takes what is queued (up to a batch) and applies it in one transaction, then keeps the file
 * under its size bound and, every sweep interval, deletes expired entries. Reads record their
 * access in a map rather than the queue; it is applied with the next batch, so a read never
 * writes.
 *
 * <p>Writes count against the queue's capacity, the rest (removals, barriers) does not: a
 * full queue drops new writes, never an invalidation.
 *
 * <p>Corruption found by any operation (here, or by a reader through
 * {@link #requestRecovery(EntryReaders)}) is handled here too: the connections are closed, the file moved
 * aside and a fresh one opened, so no other thread ever sees a half-recovered tier.
 */
final class DiskWriter implements Runnable {

    static final String THREAD_NAME = "threatlens-cache-disk";
    private static final long IDLE_WAKE_UP_MILLIS = 1_000;
    private static final int MAX_PENDING_ACCESSES = 100_000;

    private sealed interface Operation permits Write, Removal, MetaUpdate, Barrier {
    }

    private record Write(DiskEntry entry) implements Operation {
    }

    private record Removal(Selection selection, LongAdder counter, CompletableFuture<Long> done) implements Operation {
    }

    private record MetaUpdate(String key, String value, CompletableFuture<Long> done) implements Operation {
    }

    private record Barrier(boolean stop, CompletableFuture<Long> done) implements Operation {
    }

    private final CacheFile file;
    private final DiskOptions options;
    private final LongSupplier clockMillis;
    private final DiskCounters counters;
    private final BlockingQueue<Operation> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queuedWrites = new AtomicInteger();
    private final Map<EntryKey, Long> accessed = new ConcurrentHashMap<>();
    private final Set<EntryKey> seenExpired = ConcurrentHashMap.newKeySet();
    private final AtomicReference<EntryReaders> foundCorrupt = new AtomicReference<>();
    private volatile EntryReaders readers;
    private volatile DiskStats.State state = DiskStats.State.OK;
    private volatile String reason;
    private volatile long entries;
    private volatile long bytes;
    private EntryStore store;
    private long lastSweepMillis;

    DiskWriter(CacheFile file, DiskOptions options, LongSupplier clockMillis, DiskCounters counters) {
        this.file = file;
        this.options = options;
        this.clockMillis = clockMillis;
        this.counters = counters;
    }

    /** Opens the file, moving a corrupt one aside; false (with a reason) when no file can be used. */
    boolean open() {
        try {
            openFile();
            return true;
        } catch (SQLException e) {
            if (CacheFile.isCorruption(e)) {
                return recover(e);
            }
            unavailable("cannot open " + file.path() + ": " + e.getMessage());
            return false;
        } catch (RuntimeException | LinkageError e) {
            unavailable("cannot open " + file.path() + ": " + e);
            return false;
        }
    }

    private void openFile() throws SQLException {
        EntryStore opened = EntryStore.open(file);
        try {
            readers = EntryReaders.open(file, options.readConnections());
        } catch (SQLException | RuntimeException e) {
            opened.close();
            throw e;
        }
        store = opened;
        lastSweepMillis = clockMillis.getAsLong();
        publishTotals();
    }

    private boolean recover(Throwable corruption) {
        closeFile();
        try {
            Path movedTo = file.moveAside(System.currentTimeMillis());
            openFile();
            counters.corruptRecoveries.increment();
            state = DiskStats.State.RECOVERED;
            reason = "a corrupt file (" + corruption.getMessage() + ") was moved to " + movedTo;
            AgentLog.warn("cache disk tier: " + reason + "; continuing with an empty cache");
            return true;
        } catch (IOException | SQLException | RuntimeException e) {
            closeFile();
            unavailable("the corrupt file " + file.path() + " could not be replaced: " + e);
            return false;
        }
    }

    private void unavailable(String why) {
        state = DiskStats.State.UNAVAILABLE;
        reason = why;
        AgentLog.warn("cache disk tier unavailable, results are cached in memory only: " + why);
    }

    private void closeFile() {
        EntryStore.closeQuietly(readers);
        EntryStore.closeQuietly(store);
        readers = null;
        store = null;
        entries = 0;
        bytes = 0;
    }

    EntryReaders readers() {
        return readers;
    }

    DiskStats.State state() {
        return state;
    }

    String reason() {
        return reason;
    }

    long entries() {
        return entries;
    }

    long bytes() {
        return bytes;
    }

    int queueLength() {
        return queue.size();
    }

    boolean offerWrite(DiskEntry entry) {
        if (queuedWrites.incrementAndGet() > options.queueCapacity()) {
            queuedWrites.decrementAndGet();
            return false;
        }
        queue.add(new Write(entry));
        return true;
    }

    CompletableFuture<Long> remove(Selection selection, LongAdder counter) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        queue.add(new Removal(selection, counter, done));
        return done;
    }

    CompletableFuture<Long> putMeta(String key, String value) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        queue.add(new MetaUpdate(key, value, done));
        return done;
    }

    /** Completes once everything queued before it is applied; with {@code stop}, the thread then ends. */
    CompletableFuture<Long> barrier(boolean stop) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        queue.add(new Barrier(stop, done));
        return done;
    }

    void accessed(String region, String key, long nowMillis) {
        if (accessed.size() < MAX_PENDING_ACCESSES) {
            accessed.put(new EntryKey(region, key), nowMillis);
        }
    }

    void seenExpired(String region, String key) {
        if (seenExpired.size() < MAX_PENDING_ACCESSES) {
            seenExpired.add(new EntryKey(region, key));
        }
    }

    /**
     * A reader found the file corrupt through {@code readers}. Only a report on the current
     * readers leads to recovery: reads still running on the previous file report it too.
     */
    void requestRecovery(EntryReaders readers) {
        if (readers != null && foundCorrupt.getAndSet(readers) != readers) {
            barrier(false);
        }
    }

    @Override
    public void run() {
        boolean stop = false;
        while (!stop) {
            List<Operation> batch = new ArrayList<>();
            try {
                Operation first = queue.poll(IDLE_WAKE_UP_MILLIS, TimeUnit.MILLISECONDS);
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, options.batchSize() - 1);
                }
            } catch (InterruptedException e) {
                // only close() ends this thread, through a stopping barrier
            }
            stop = process(batch);
        }
        closeFile();
    }

    private boolean process(List<Operation> batch) {
        long[] removed = new long[batch.size()];
        boolean stop = false;
        for (Operation operation : batch) {
            if (operation instanceof Write) {
                queuedWrites.decrementAndGet();
            } else if (operation instanceof Barrier barrier && barrier.stop()) {
                stop = true;
            }
        }
        try {
            EntryReaders corrupt = foundCorrupt.getAndSet(null);
            if (corrupt != null && corrupt == readers && store != null) {
                recover(CacheFile.corruption("a read found the file corrupt"));
            }
            if (store != null) {
                long now = clockMillis.getAsLong();
                apply(batch, removed, now);
                keepBounds(now);
            }
        } catch (RuntimeException | LinkageError e) {
            counters.failure("applying queued changes", e);
        } finally {
            publishTotals();
            for (int i = 0; i < batch.size(); i++) {
                complete(batch.get(i), removed[i]);
            }
        }
        return stop;
    }

    private void apply(List<Operation> batch, long[] removed, long now) {
        try {
            store.touch(drainAccessed());
            for (Iterator<EntryKey> expired = seenExpired.iterator(); expired.hasNext(); ) {
                counters.evictedExpired.add(store.remove(Selection.expiredKey(expired.next(), now)));
                expired.remove();
            }
            for (int i = 0; i < batch.size(); i++) {
                Operation operation = batch.get(i);
                if (operation instanceof Write write) {
                    if (!write.entry().isExpiredAt(now)) {
                        store.put(write.entry(), now);
                    }
                } else if (operation instanceof Removal removal) {
                    removed[i] = store.remove(removal.selection());
                } else if (operation instanceof MetaUpdate update) {
                    store.putMeta(update.key(), update.value());
                }
            }
            store.commit();
            countRemovals(batch, removed);
        } catch (SQLException | RuntimeException e) {
            store.rollbackQuietly();
            Arrays.fill(removed, 0);
            if (CacheFile.isCorruption(e)) {
                // The fresh file is empty: every removal in the batch is trivially satisfied.
                recover(e);
                return;
            }
            counters.failure("writing to the cache file", e);
            applyOneByOne(batch, removed);
        }
    }

    /** After a failed batch, removals and meta updates are retried alone; its writes are lost. */
    private void applyOneByOne(List<Operation> batch, long[] removed) {
        for (int i = 0; i < batch.size() && store != null; i++) {
            Operation operation = batch.get(i);
            try {
                if (operation instanceof Removal removal) {
                    removed[i] = store.remove(removal.selection());
                    store.commit();
                    removal.counter().add(removed[i]);
                } else if (operation instanceof MetaUpdate update) {
                    store.putMeta(update.key(), update.value());
                    store.commit();
                }
            } catch (SQLException e) {
                store.rollbackQuietly();
                removed[i] = 0;
                counters.failure("writing to the cache file", e);
                if (CacheFile.isCorruption(e)) {
                    recover(e);
                }
            }
        }
    }

    private static void countRemovals(List<Operation> batch, long[] removed) {
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i) instanceof Removal removal) {
                removal.counter().add(removed[i]);
            }
        }
    }

    private Map<EntryKey, Long> drainAccessed() {
        Map<EntryKey, Long> drained = new HashMap<>();
        for (Iterator<Map.Entry<EntryKey, Long>> it = accessed.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<EntryKey, Long> access = it.next();
            drained.put(access.getKey(), access.getValue());
            it.remove();
        }
        return drained;
    }

    /** Least recently used entries go when over the size bound; expired ones every sweep interval. */
    private void keepBounds(long now) {
        if (store == null) {
            return;
        }
        boolean sweep = now - lastSweepMillis >= options.sweepIntervalMillis();
        if (store.bytes() <= options.maxBytes() && !sweep) {
            return;
        }
        try {
            long expired = 0;
            if (sweep) {
                lastSweepMillis = now;
                expired = store.remove(Selection.expired(now));
            }
            long evicted = store.evictLeastRecentlyUsed(options.maxBytes());
            store.commit();
            counters.evictedExpired.add(expired);
            counters.evictedSize.add(evicted);
        } catch (SQLException e) {
            store.rollbackQuietly();
            counters.failure("evicting from the cache file", e);
            if (CacheFile.isCorruption(e)) {
                recover(e);
            }
        }
    }

    private void publishTotals() {
        EntryStore current = store;
        entries = current == null ? 0 : current.entries();
        bytes = current == null ? 0 : current.bytes();
    }

    private static void complete(Operation operation, long removed) {
        if (operation instanceof Removal removal) {
            removal.done().complete(removed);
        } else if (operation instanceof MetaUpdate update) {
            update.done().complete(0L);
        } else if (operation instanceof Barrier barrier) {
            barrier.done().complete(0L);
        }
    }
}
