package com.threatlens.agent.cache.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

import com.threatlens.agent.bootstrap.AgentLog;

/**
 * The persistent tier of the result cache: one SQLite file of the agent's own
 * ({@value CacheFile#NAME}, WAL mode, {@code synchronous=NORMAL}) that outlives the process.
 *
 * <p>Reads are synchronous (they answer a memory miss on the request path): one prepared
 * statement on the (region, key) index, on one of a few read connections. Everything that
 * changes the file goes through one daemon writer thread, in order (see {@link DiskWriter}):
 * writes are queued and batched, removals are queued behind them, so a removal is never
 * undone by a write queued before it. Removals by tag, region, database or of everything wait
 * for the writer and answer how many entries went; the others return at once.
 *
 * <p>Size: the estimated size of the entries (see {@link EntryStore}) is brought back to at
 * most {@code maxBytes} after every batch the writer applies, least recently read entries
 * first. Time comes from the given clock, so expiry and access order are testable without
 * sleeping.
 *
 * <p>Nothing here throws to the caller. A tier whose file cannot be opened is unavailable: all
 * operations are no-ops answering "absent". A corrupt file is moved aside and replaced by an
 * empty one, at open or whenever SQLite reports corruption later. Failures are counted.
 */
public final class DiskTier implements AutoCloseable {

    private static final long CLOSE_WAIT_MILLIS = 2_000;
    private static final long FLUSH_WAIT_MILLIS = 60_000;
    private static final long REMOVAL_WAIT_MILLIS = 30_000;

    private final CacheFile file;
    private final DiskOptions options;
    private final LongSupplier clockMillis;
    private final DiskCounters counters = new DiskCounters();
    private final DiskWriter writer;
    private final boolean writerStarted;
    private final String unavailableReason;
    private final AtomicBoolean closed = new AtomicBoolean();

    private DiskTier(CacheFile file, DiskOptions options, LongSupplier clockMillis, String unavailableReason) {
        this.file = file;
        this.options = options;
        this.clockMillis = clockMillis;
        this.unavailableReason = unavailableReason;
        DiskWriter opened = null;
        boolean started = false;
        if (unavailableReason == null) {
            opened = new DiskWriter(file, options, clockMillis, counters);
            if (opened.open()) {
                Thread thread = new Thread(opened, DiskWriter.THREAD_NAME);
                thread.setDaemon(true);
                thread.start();
                started = true;
            }
        }
        this.writer = opened;
        this.writerStarted = started;
    }

    public static DiskTier open(Path directory, long maxBytes, LongSupplier clockMillis) {
        return open(directory, DiskOptions.withMaxBytes(maxBytes), clockMillis);
    }

    public static DiskTier open(Path directory, DiskOptions options, LongSupplier clockMillis) {
        CacheFile file = new CacheFile(directory);
        String reason;
        try {
            reason = PrivateDirectory.prepare(directory);
        } catch (IOException | RuntimeException e) {
            reason = "cannot create the directory " + directory + ": " + e;
        }
        if (reason != null) {
            AgentLog.warn("cache disk tier unavailable, results are cached in memory only: " + reason);
            return new DiskTier(file, options, clockMillis, reason);
        }
        return new DiskTier(file, options, clockMillis, null);
    }

    private boolean available() {
        return writer != null && writer.state() != DiskStats.State.UNAVAILABLE && !closed.get();
    }

    /** The entry, or {@code null} when absent, expired or unavailable. */
    public DiskEntry read(String region, String key) {
        if (!available()) {
            return null;
        }
        counters.reads.increment();
        DiskEntry entry = null;
        EntryReaders readers = writer.readers();
        if (readers != null) {
            try {
                entry = readers.read(region, key);
            } catch (SQLException | RuntimeException e) {
                failed("reading " + region + "/" + key, e, readers);
            }
        }
        long now = clockMillis.getAsLong();
        if (entry != null && entry.isExpiredAt(now)) {
            writer.seenExpired(region, key);
            entry = null;
        }
        if (entry == null) {
            counters.misses.increment();
            return null;
        }
        counters.hits.increment();
        writer.accessed(region, key, now);
        return entry;
    }

    /** Queues the entry, replacing any at the same (region, key); dropped and counted when the queue is full. */
    public void write(DiskEntry entry) {
        if (entry == null || !available()) {
            return;
        }
        if (writer.offerWrite(entry)) {
            counters.writes.increment();
        } else {
            counters.writesDropped.increment();
        }
    }

    public long removeTag(String tag, String region) {
        return removeAndWait(Selection.tag(tag, region));
    }

    public long removeRegion(String region) {
        return removeAndWait(Selection.region(region));
    }

    public long removeAll() {
        return removeAndWait(Selection.all());
    }

    /** Entries that read any table of {@code database}. */
    public long removeDatabase(String database) {
        return removeAndWait(Selection.database(database));
    }

    /** Queues the removal of entries that read one of {@code tables} of {@code database} or any of its tables. */
    public void removeTables(String database, Collection<String> tables) {
        if (available() && tables != null && !tables.isEmpty()) {
            writer.remove(Selection.tables(database, tables), counters.invalidated);
        }
    }

    /** Queues the removal of one entry. */
    public void remove(String region, String key) {
        if (available()) {
            writer.remove(Selection.key(region, key), counters.invalidated);
        }
    }

    /** Queues the removal of an entry whose value no longer decodes as its declared type. */
    public void dropUndecodable(String region, String key) {
        if (available()) {
            writer.remove(Selection.key(region, key), counters.undecodableDropped);
        }
    }

    private long removeAndWait(Selection selection) {
        if (!available()) {
            return 0;
        }
        return await(writer.remove(selection, counters.invalidated), REMOVAL_WAIT_MILLIS, "removing entries");
    }

    /** A value the caller keeps with the cache (such as a database fingerprint), or {@code null}. */
    public String meta(String key) {
        EntryReaders readers = available() ? writer.readers() : null;
        if (readers == null) {
            return null;
        }
        try {
            return readers.meta(key);
        } catch (SQLException | RuntimeException e) {
            failed("reading meta " + key, e, readers);
            return null;
        }
    }

    /** Stores a value with the cache; returns once it is written. */
    public void putMeta(String key, String value) {
        if (available()) {
            await(writer.putMeta(key, value), REMOVAL_WAIT_MILLIS, "writing meta " + key);
        }
    }

    /** Blocks until everything queued before this call is applied. */
    public void flush() {
        if (available()) {
            await(writer.barrier(false), FLUSH_WAIT_MILLIS, "flushing");
        }
    }

    private long await(CompletableFuture<Long> done, long waitMillis, String operation) {
        try {
            return done.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            counters.failure(operation, e);
        }
        return 0;
    }

    private void failed(String operation, Throwable cause, EntryReaders readers) {
        counters.failure(operation, cause);
        if (CacheFile.isCorruption(cause)) {
            writer.requestRecovery(readers);
        }
    }

    /** Entries and estimated bytes per region ({@code [entries, bytes]}), from one grouping query. */
    public Map<String, long[]> regions() {
        EntryReaders readers = available() ? writer.readers() : null;
        if (readers == null) {
            return Map.of();
        }
        try {
            return readers.regions();
        } catch (SQLException | RuntimeException e) {
            failed("counting regions", e, readers);
            return Map.of();
        }
    }

    /** Entries per region. */
    public Map<String, Long> entriesByRegion() {
        Map<String, Long> entries = new LinkedHashMap<>();
        regions().forEach((region, totals) -> entries.put(region, totals[0]));
        return entries;
    }

    public DiskStats stats() {
        DiskStats.State state = writer == null ? DiskStats.State.UNAVAILABLE : writer.state();
        String reason = writer == null ? unavailableReason : writer.reason();
        boolean live = writer != null;
        return new DiskStats(state, reason, file.path().toString(), live ? writer.entries() : 0,
            live ? writer.bytes() : 0, options.maxBytes(), counters.reads.sum(), counters.hits.sum(),
            counters.misses.sum(), counters.writes.sum(), counters.writesDropped.sum(), counters.evictedSize.sum(),
            counters.evictedExpired.sum(), counters.invalidated.sum(), counters.undecodableDropped.sum(),
            counters.corruptRecoveries.sum(), counters.failures.sum(), live ? writer.queueLength() : 0);
    }

    /** Applies what is queued (waiting at most about two seconds) and closes the file. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true) || !writerStarted) {
            return;
        }
        await(writer.barrier(true), CLOSE_WAIT_MILLIS, "closing");
    }
}
