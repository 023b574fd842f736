package com.threatlens.agent.cache.disk;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The writing side of the cache file: one connection, used only by the writer thread, that
 * creates the schema and applies every change.
 *
 * <p>Schema: {@code entries} keyed by (region, key) with an integer id that the link tables
 * {@code entry_tags} and {@code entry_tables} reference (deleting an entry cascades to them);
 * {@code meta} holds the schema version and the caller's own values. A file with another
 * schema version is emptied and recreated.
 *
 * <p>Size: each row stores an estimate of what it costs on disk (value bytes, key, tags and
 * tables twice for their row and index, a fixed overhead per row). Their sum is kept in memory
 * and is what the tier bounds; the file itself is somewhat larger (page slack, indexes) and
 * does not shrink, SQLite reuses its free pages.
 */
final class EntryStore implements AutoCloseable {

    static final String SCHEMA_VERSION = "1";
    static final String SCHEMA_VERSION_KEY = "threatlens.schema";
    private static final int ROW_OVERHEAD_BYTES = 100;
    private static final int EVICTION_CHUNK = 256;

    private static final String[] SCHEMA = {
        "CREATE TABLE entries (id INTEGER PRIMARY KEY, region TEXT NOT NULL, key TEXT NOT NULL,"
            + " value_type TEXT NOT NULL, value BLOB NOT NULL, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL,"
            + " accessed_at INTEGER NOT NULL, tags TEXT NOT NULL, tables TEXT NOT NULL, run_id TEXT NOT NULL,"
            + " version INTEGER NOT NULL, size INTEGER NOT NULL, UNIQUE (region, key))",
        "CREATE INDEX entries_accessed ON entries (accessed_at)",
        "CREATE INDEX entries_expires ON entries (expires_at)",
        "CREATE TABLE entry_tags (tag TEXT NOT NULL, entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,"
            + " PRIMARY KEY (tag, entry_id)) WITHOUT ROWID",
        "CREATE INDEX entry_tags_entry ON entry_tags (entry_id)",
        "CREATE TABLE entry_tables (database TEXT NOT NULL, tbl TEXT NOT NULL,"
            + " entry_id INTEGER NOT NULL REFERENCES entries (id) ON DELETE CASCADE,"
            + " PRIMARY KEY (database, tbl, entry_id)) WITHOUT ROWID",
        "CREATE INDEX entry_tables_entry ON entry_tables (entry_id)",
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)",
    };
    private static final String[] TABLES = {"entry_tags", "entry_tables", "entries", "meta"};

    private final Connection connection;
    private final PreparedStatement findEntry;
    private final PreparedStatement deleteEntry;
    private final PreparedStatement insertEntry;
    private final PreparedStatement lastId;
    private final PreparedStatement insertTag;
    private final PreparedStatement insertTable;
    private final PreparedStatement touch;
    private final PreparedStatement putMeta;
    private final PreparedStatement leastRecentlyUsed;
    private long entries;
    private long bytes;
    private long committedEntries;
    private long committedBytes;

    private EntryStore(Connection connection) throws SQLException {
        this.connection = connection;
        findEntry = connection.prepareStatement("SELECT id, size FROM entries WHERE region = ? AND key = ?");
        deleteEntry = connection.prepareStatement("DELETE FROM entries WHERE id = ?");
        insertEntry = connection.prepareStatement("INSERT INTO entries (region, key, value_type, value, created_at,"
            + " expires_at, accessed_at, tags, tables, run_id, version, size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
        lastId = connection.prepareStatement("SELECT last_insert_rowid()");
        insertTag = connection.prepareStatement("INSERT OR IGNORE INTO entry_tags (tag, entry_id) VALUES (?, ?)");
        insertTable = connection.prepareStatement("INSERT OR IGNORE INTO entry_tables (database, tbl, entry_id) VALUES (?, ?, ?)");
        touch = connection.prepareStatement("UPDATE entries SET accessed_at = ? WHERE region = ? AND key = ? AND accessed_at < ?");
        putMeta = connection.prepareStatement("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
        leastRecentlyUsed = connection.prepareStatement("SELECT id, size FROM entries ORDER BY accessed_at, id LIMIT ?");
        try (Statement statement = connection.createStatement();
             ResultSet totals = statement.executeQuery("SELECT count(*), coalesce(sum(size), 0) FROM entries")) {
            totals.next();
            entries = committedEntries = totals.getLong(1);
            bytes = committedBytes = totals.getLong(2);
        }
    }

    /**
     * Opens the file, checks it and brings its schema to the current version. Throws a
     * corruption {@link SQLException} (see {@link CacheFile#isCorruption}) when the file is damaged.
     */
    static EntryStore open(CacheFile file) throws SQLException {
        Connection connection = file.connect();
        try {
            try (Statement statement = connection.createStatement()) {
                try (ResultSet check = statement.executeQuery("PRAGMA quick_check")) {
                    String result = check.next() ? check.getString(1) : "no answer";
                    if (!"ok".equalsIgnoreCase(result)) {
                        throw CacheFile.corruption("quick_check: " + result);
                    }
                }
                if (!SCHEMA_VERSION.equals(schemaVersion(connection))) {
                    for (String table : TABLES) {
                        statement.execute("DROP TABLE IF EXISTS " + table);
                    }
                    for (String ddl : SCHEMA) {
                        statement.execute(ddl);
                    }
                    try (PreparedStatement version = connection.prepareStatement("INSERT INTO meta (key, value) VALUES (?, ?)")) {
                        version.setString(1, SCHEMA_VERSION_KEY);
                        version.setString(2, SCHEMA_VERSION);
                        version.executeUpdate();
                    }
                }
            }
            connection.setAutoCommit(false);
            return new EntryStore(connection);
        } catch (SQLException | RuntimeException e) {
            closeQuietly(connection);
            throw e;
        }
    }

    private static String schemaVersion(Connection connection) throws SQLException {
        try (PreparedStatement exists = connection.prepareStatement(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            exists.setString(1, "meta");
            try (ResultSet rows = exists.executeQuery()) {
                if (!rows.next() || rows.getInt(1) == 0) {
                    return null;
                }
            }
        }
        try (PreparedStatement read = connection.prepareStatement("SELECT value FROM meta WHERE key = ?")) {
            read.setString(1, SCHEMA_VERSION_KEY);
            try (ResultSet rows = read.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    long entries() {
        return entries;
    }

    long bytes() {
        return bytes;
    }

    void commit() throws SQLException {
        connection.commit();
        committedEntries = entries;
        committedBytes = bytes;
    }

    void rollbackQuietly() {
        entries = committedEntries;
        bytes = committedBytes;
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is unusable; the next operation reports it
        }
    }

    /** Stores the entry, replacing one at the same (region, key). */
    void put(DiskEntry entry, long nowMillis) throws SQLException {
        findEntry.setString(1, entry.region());
        findEntry.setString(2, entry.key());
        try (ResultSet old = findEntry.executeQuery()) {
            if (old.next()) {
                deleteEntry.setLong(1, old.getLong(1));
                deleteEntry.executeUpdate();
                entries--;
                bytes -= old.getLong(2);
            }
        }
        String tags = Links.tags(entry.tags());
        String tables = Links.tables(entry.tables());
        long size = sizeOf(entry, tags, tables);
        int column = 0;
        insertEntry.setString(++column, entry.region());
        insertEntry.setString(++column, entry.key());
        insertEntry.setString(++column, entry.valueType());
        insertEntry.setBytes(++column, entry.value());
        insertEntry.setLong(++column, entry.createdMillis());
        insertEntry.setLong(++column, entry.expiresAtMillis());
        insertEntry.setLong(++column, nowMillis);
        insertEntry.setString(++column, tags);
        insertEntry.setString(++column, tables);
        insertEntry.setString(++column, entry.runId());
        insertEntry.setLong(++column, entry.version());
        insertEntry.setLong(++column, size);
        insertEntry.executeUpdate();
        long id;
        try (ResultSet generated = lastId.executeQuery()) {
            generated.next();
            id = generated.getLong(1);
        }
        for (String tag : new LinkedHashSet<>(entry.tags())) {
            insertTag.setString(1, tag);
            insertTag.setLong(2, id);
            insertTag.addBatch();
        }
        insertTag.executeBatch();
        for (TableRef table : new LinkedHashSet<>(entry.tables())) {
            insertTable.setString(1, table.database());
            insertTable.setString(2, table.table());
            insertTable.setLong(3, id);
            insertTable.addBatch();
        }
        insertTable.executeBatch();
        entries++;
        bytes += size;
    }

    private static long sizeOf(DiskEntry entry, String tags, String tables) {
        long keys = 2L * (entry.region().length() + entry.key().length());
        return entry.value().length + keys + entry.valueType().length() + 2L * (tags.length() + tables.length())
            + entry.runId().length() + ROW_OVERHEAD_BYTES;
    }

    /** Deletes the selected entries (their links go with them); answers how many there were. */
    long remove(Selection selection) throws SQLException {
        long count;
        long size;
        try (PreparedStatement measure = prepare("SELECT count(*), coalesce(sum(size), 0) FROM entries WHERE ", selection);
             ResultSet totals = measure.executeQuery()) {
            totals.next();
            count = totals.getLong(1);
            size = totals.getLong(2);
        }
        if (count == 0) {
            return 0;
        }
        try (PreparedStatement delete = prepare("DELETE FROM entries WHERE ", selection)) {
            delete.executeUpdate();
        }
        entries -= count;
        bytes -= size;
        return count;
    }

    private PreparedStatement prepare(String prefix, Selection selection) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(prefix + selection.where());
        List<Object> parameters = selection.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            statement.setObject(i + 1, parameters.get(i));
        }
        return statement;
    }

    /** Deletes least recently used entries until the total is at most {@code maxBytes}; answers how many. */
    long evictLeastRecentlyUsed(long maxBytes) throws SQLException {
        long evicted = 0;
        while (bytes > maxBytes && entries > 0) {
            List<long[]> victims = new ArrayList<>();
            leastRecentlyUsed.setInt(1, EVICTION_CHUNK);
            try (ResultSet rows = leastRecentlyUsed.executeQuery()) {
                long freed = 0;
                while (rows.next() && bytes - freed > maxBytes) {
                    victims.add(new long[] {rows.getLong(1), rows.getLong(2)});
                    freed += rows.getLong(2);
                }
            }
            if (victims.isEmpty()) {
                break;
            }
            for (long[] victim : victims) {
                deleteEntry.setLong(1, victim[0]);
                deleteEntry.addBatch();
            }
            deleteEntry.executeBatch();
            for (long[] victim : victims) {
                entries--;
                bytes -= victim[1];
            }
            evicted += victims.size();
        }
        return evicted;
    }

    /** Records the last read of each entry, for least-recently-used eviction. */
    void touch(Map<EntryKey, Long> accessedMillis) throws SQLException {
        if (accessedMillis.isEmpty()) {
            return;
        }
        for (Map.Entry<EntryKey, Long> access : accessedMillis.entrySet()) {
            touch.setLong(1, access.getValue());
            touch.setString(2, access.getKey().region());
            touch.setString(3, access.getKey().key());
            touch.setLong(4, access.getValue());
            touch.addBatch();
        }
        touch.executeBatch();
    }

    void putMeta(String key, String value) throws SQLException {
        putMeta.setString(1, key);
        putMeta.setString(2, value);
        putMeta.executeUpdate();
    }

    @Override
    public void close() {
        closeQuietly(connection);
    }

    static void closeQuietly(AutoCloseable closeable) {
        try {
            if (closeable != null) {
                closeable.close();
            }
        } catch (Exception ignored) {
            // closing what failed: nothing more to do
        }
    }
}
