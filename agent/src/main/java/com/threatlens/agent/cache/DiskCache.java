package com.threatlens.agent.cache;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;


import com.threatlens.agent.bootstrap.AgentLog;
import com.threatlens.agent.cache.disk.DiskEntry;
import com.threatlens.agent.cache.disk.DiskStats;
import com.threatlens.agent.cache.disk.DiskTier;
import com.threatlens.agent.cache.disk.TableRef;
import com.threatlens.agent.config.AgentConfig;
import com.threatlens.agent.config.Settings;
import com.threatlens.agent.jdbc.SqliteFiles;
import com.threatlens.agent.pool.DatabaseAccess;
import com.threatlens.sidecar.cache.CacheStats;

/**
 * The disk tier as the engine sees it: values encoded as JSON off the request path (one encoder
 * thread, a second after they were computed, unless invalidated by then; then the tier's own
 * batched writer), keys made of the method's signature and the key's
 * values as JSON, and the table marks a value depends on stored with it.
 *
 * <p>Across restarts the counter of {@link TableVersions} starts again, so a value written by an
 * earlier run is taken as computed when this run began: it is fresh until this run writes one of
 * its tables. What happened between the runs is judged per database from its files: at a clean
 * shutdown with no write in flight the database's fingerprint (size and modification time of the
 * file and of its WAL) is recorded; at the next start, values of a database whose fingerprint
 * differs, or was never recorded (a crash), are dropped.
 */
final class DiskCache implements SecondTier {

    private static final int MAX_KEY_LENGTH = 512;
    /**
     * How long a value waits in memory before it is written to disk. Where writes to its tables
     * come often, most values are invalidated before then and never cost a disk write: measured
     * on the example under 1% writes, writing every value at once made the service slower than
     * with no cache at all.
     */
    static final long WRITE_DELAY_MILLIS = 1_000;
    private static final int MAX_QUEUED = 10_000;
    private static final String DATABASES = "databases";
    private static final String DIRTY = "dirty";

    private final DiskTier tier;
    private final TableVersions versions;
    private final Codec codec;
    private final String runId = UUID.randomUUID().toString();
    private final Set<String> databases = new LinkedHashSet<>();
    /** Encodes and hands values to the tier {@link #WRITE_DELAY_MILLIS} after they were stored in memory. */
    private final ScheduledExecutorService encoder;
    private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    /** Counts tag, region and full removals, so that a write queued before one is not applied after it. */
    private final AtomicLong removals = new AtomicLong();
    private final LongAdder encodeFailures = new LongAdder();
    private volatile boolean closed;
    /** The application's databases, to checkpoint at shutdown; null when none can be reached. */
    private final DatabaseAccess access;

    private DiskCache(DiskTier tier, TableVersions versions, Codec codec, DatabaseAccess access) {
        this.tier = tier;
        this.access = access;
        this.versions = versions;
        this.codec = codec;
        this.encoder = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "threatlens-cache-encode");
            thread.setDaemon(true);
            return thread;
        });
        encoder.scheduleWithFixedDelay(() -> drain(false), 100, 100, TimeUnit.MILLISECONDS);
    }

    static SecondTier open(AgentConfig config, TableVersions versions, Codec codec, DatabaseAccess access,
                           LongSupplier wallMillis) {
        String configured = config.get(Settings.CACHE_DISK_DIRECTORY);
        Path directory = configured.isBlank()
            ? Path.of(System.getProperty("java.io.tmpdir"), "threatlens-cache")
            : Path.of(configured);
        DiskTier tier = DiskTier.open(directory, config.get(Settings.CACHE_DISK_MAX_SIZE), wallMillis);
        DiskCache cache = new DiskCache(tier, versions, codec, access);
        cache.dropChangedDatabases();
        return cache;
    }

    /** Drops the values of databases changed since the last clean shutdown; marks the rest in use. */
    private void dropChangedDatabases() {
        String listed = tier.meta(DATABASES);
        if (listed == null || listed.isEmpty()) {
            return;
        }
        for (String database : listed.split("\n")) {
            String recorded = tier.meta("db:" + database);
            String now = fingerprint(database);
            if (recorded == null || DIRTY.equals(recorded) || !recorded.equals(now)) {
                long dropped = tier.removeDatabase(database);
                AgentLog.info("disk cache: " + dropped + " values of " + database + " dropped, "
                    + (recorded == null || DIRTY.equals(recorded) ? "the last run did not end cleanly"
                        : "the database changed while the agent was away"));
            }
            databases.add(database);
            tier.putMeta("db:" + database, DIRTY);
        }
    }

    /**
     * Size and modification time of a SQLite file and of its WAL when that holds anything (an
     * empty WAL holds no data, and SQLite deletes it when the last connection closes); null when
     * not a SQLite file.
     */
    static String fingerprint(String database) {
        File file = SqliteFiles.fileOf(database);
        if (file == null) {
            return null;
        }
        File wal = new File(file.getPath() + "-wal");
        String walPart = wal.length() > 0 ? wal.length() + ":" + wal.lastModified() : "-";
        return file.length() + ":" + file.lastModified() + ":" + walPart;
    }

    /**
     * Moves what the WAL holds into the database file, so that the next process to close the
     * database (which checkpoints too) finds nothing to write and leaves the fingerprint as it is.
     * A busy database is left alone: its fingerprint will differ and its values be dropped.
     */
    private void checkpoint(String database) {
        File file = SqliteFiles.fileOf(database);
        String url = access == null ? null : access.urlOf(database);
        if (file == null || url == null || new File(file.getPath() + "-wal").length() == 0) {
            return;
        }
        try (DatabaseAccess.OwnConnection connection = access.open(url)) {
            connection.run(open -> {
                try (Statement statement = open.createStatement()) {
                    statement.execute("PRAGMA busy_timeout = 200");
                    statement.execute("PRAGMA wal_checkpoint(TRUNCATE)");
                }
                return null;
            });
        } catch (SQLException busy) {
            AgentLog.debug("no checkpoint of " + database + " at shutdown: " + busy.getMessage());
        }
    }

    @Override
    public Stored read(CacheKey key) {
        String diskKey = diskKey(key);
        if (diskKey == null) {
            return null;
        }
        String region = key.site.rule.region().name();
        DiskEntry entry = tier.read(region, diskKey);
        if (entry == null) {
            return null;
        }
        Object value;
        try {
            value = codec.decode(entry.value(), key.site.returnType());
        } catch (Exception undecodable) {
            tier.dropUndecodable(region, diskKey);
            return null;
        }
        long version = runId.equals(entry.runId()) ? entry.version() : 0;
        return new Stored(value, version, marks(entry.tables()), entry.tags(), entry.expiresAtMillis());
    }

    private TableMark[] marks(List<TableRef> tables) {
        Set<TableMark> marks = new LinkedHashSet<>();
        for (TableRef table : tables) {
            marks.add(TableRef.ANY_TABLE.equals(table.table())
                ? versions.anyTable(table.database()) : versions.table(table.database(), table.table()));
            marks.add(versions.everything(table.database()));
            marks.add(versions.everywhere());
        }
        return marks.toArray(new TableMark[0]);
    }

    @Override
    public void write(CachedEntry entry) {
        if (closed) {
            return;
        }
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            encodeFailures.increment();
            return;
        }
        waiting.add(new Waiting(entry, removals.get(), System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(WRITE_DELAY_MILLIS)));
    }

    /** A value waiting for its write; {@code removals} is the count of removals when it was queued. */
    private record Waiting(CachedEntry entry, long removals, long dueNanos) {
    }

    /** Writes the values whose delay is over, or with {@code all} every one waiting. */
    private synchronized void drain(boolean all) {
        long now = System.nanoTime();
        for (Waiting next = waiting.peek(); next != null && (all || next.dueNanos - now <= 0); next = waiting.peek()) {
            waiting.poll();
            queued.decrementAndGet();
            // A tag, region or full removal since it was queued: the value may be one it removed.
            if (removals.get() == next.removals) {
                encodeAndWrite(next.entry);
            }
        }
    }

    private void encodeAndWrite(CachedEntry entry) {
        if (entry.freshness() == Freshness.STALE) {
            // Invalidated while queued (a busy write path): writing it would be wasted work.
            return;
        }
        String diskKey = diskKey(entry.key);
        if (diskKey == null) {
            return;
        }
        byte[] value;
        try {
            value = codec.encode(entry.value);
        } catch (Exception unencodable) {
            encodeFailures.increment();
            return;
        }
        // A row mark is stored as its table's: a value read from disk depends on the whole table.
        Set<TableRef> read = new LinkedHashSet<>();
        for (TableMark mark : entry.reads) {
            if (mark.table.equals("*any")) {
                read.add(new TableRef(mark.database, TableRef.ANY_TABLE));
            } else if (!mark.table.startsWith("*")) {
                read.add(new TableRef(mark.database, mark.table));
            }
        }
        List<TableRef> tables = new ArrayList<>(read);
        for (TableRef table : tables) {
            noteDatabase(table.database());
        }
        long now = System.currentTimeMillis();
        long expiresAt = entry.expiresAtMillis > 0 ? entry.expiresAtMillis
            : now + entry.key.site.rule.ttl().toMillis();
        tier.write(new DiskEntry(entry.key.site.rule.region().name(), diskKey,
            entry.key.site.returnType() == null ? "" : entry.key.site.returnType().getTypeName(), value, now,
            expiresAt, entry.tags, tables, runId, entry.version));
    }

    private synchronized void noteDatabase(String database) {
        if (databases.add(database)) {
            tier.putMeta("db:" + database, DIRTY);
            tier.putMeta(DATABASES, String.join("\n", databases));
        }
    }

    /** The method's signature and the key's values as JSON; hashed when long. Null if unencodable. */
    private String diskKey(CacheKey key) {
        String json;
        try {
            json = new String(codec.encode(key.parts), StandardCharsets.UTF_8);
        } catch (Exception unencodable) {
            return null;
        }
        String text = key.site.signature + "|" + json;
        if (text.length() <= MAX_KEY_LENGTH) {
            return text;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return key.site.signature + "|sha256:" + HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException impossible) {
            return null;
        }
    }

    @Override
    public long removeTag(String tag, String region) {
        removals.incrementAndGet();
        return tier.removeTag(tag, region);
    }

    @Override
    public long removeRegion(String region) {
        removals.incrementAndGet();
        return tier.removeRegion(region);
    }

    @Override
    public long removeAll() {
        removals.incrementAndGet();
        return tier.removeAll();
    }

    @Override
    public void removeDatabase(String database) {
        tier.removeDatabase(database);
    }

    @Override
    public void removeTables(String database, Collection<String> tables) {
        if (tables == null) {
            tier.removeDatabase(database);
        } else {
            tier.removeTables(database, tables);
        }
    }

    @Override
    public CacheStats.Disk stats() {
        DiskStats stats = tier.stats();
        CacheStats.DiskState state = switch (stats.state()) {
            case OK -> CacheStats.DiskState.OK;
            case RECOVERED -> CacheStats.DiskState.RECOVERED;
            case UNAVAILABLE -> CacheStats.DiskState.UNAVAILABLE;
        };
        long lookups = stats.hits() + stats.misses();
        return new CacheStats.Disk(state, stats.reason(), stats.path(), stats.entries(), stats.bytes(), stats.maxBytes(),
            stats.hits(), stats.misses(), lookups == 0 ? 0 : (double) stats.hits() / lookups, stats.writes(),
            stats.writesDropped() + encodeFailures.sum(),
            new CacheStats.DiskEvictions(stats.evictedSize(), stats.evictedExpired(), stats.invalidated()),
            stats.undecodableDropped(), stats.corruptRecoveries());
    }

    /**
     * Writes what is queued, then records the fingerprint of each database no write is touching
     * (and none finished meanwhile), so the next run can keep its values.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        encoder.shutdownNow();
        try {
            encoder.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        // Values still waiting for their delay are written now.
        drain(true);
        List<String> known;
        synchronized (this) {
            known = new ArrayList<>(databases);
        }
        List<Long> commitsBefore = new ArrayList<>();
        for (String database : known) {
            commitsBefore.add(versions.commits(database));
        }
        tier.flush();
        for (int i = 0; i < known.size(); i++) {
            String database = known.get(i);
            checkpoint(database);
            String fingerprint = fingerprint(database);
            if (fingerprint != null && versions.anyTable(database).writers.get() == 0
                && versions.commits(database) == commitsBefore.get(i)) {
                tier.putMeta("db:" + database, fingerprint);
            }
        }
        tier.close();
    }
}
