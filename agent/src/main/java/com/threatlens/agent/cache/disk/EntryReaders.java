package com.threatlens.agent.cache.disk;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The reading side of the cache file: a few connections, each with its statements prepared,
 * lent to one reading thread at a time. In WAL mode they read while the writer writes.
 *
 * <p>A thread that finds no idle connection within a short wait answers "absent": a cache miss
 * is cheaper for the request than waiting.
 */
final class EntryReaders implements AutoCloseable {

    private static final long BORROW_WAIT_MILLIS = 10;

    private final List<Reader> all;
    private final BlockingQueue<Reader> idle;

    private EntryReaders(List<Reader> all) {
        this.all = all;
        this.idle = new ArrayBlockingQueue<>(all.size(), false, all);
    }

    static EntryReaders open(CacheFile file, int count) throws SQLException {
        List<Reader> readers = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                readers.add(new Reader(file.connect()));
            }
        } catch (SQLException | RuntimeException e) {
            readers.forEach(Reader::close);
            throw e;
        }
        return new EntryReaders(List.copyOf(readers));
    }

    /** The entry at (region, key) whether expired or not, or {@code null}. */
    DiskEntry read(String region, String key) throws SQLException {
        Reader reader = borrow();
        if (reader == null) {
            return null;
        }
        try {
            return reader.read(region, key);
        } finally {
            idle.offer(reader);
        }
    }

    String meta(String key) throws SQLException {
        Reader reader = borrow();
        if (reader == null) {
            return null;
        }
        try {
            return reader.meta(key);
        } finally {
            idle.offer(reader);
        }
    }

    /** Entries and estimated bytes per region: {@code [entries, bytes]}, sorted by region. */
    Map<String, long[]> regions() throws SQLException {
        Reader reader = borrow();
        Map<String, long[]> regions = new TreeMap<>();
        if (reader == null) {
            return regions;
        }
        try (PreparedStatement statement = reader.connection.prepareStatement(
            "SELECT region, count(*), sum(size) FROM entries GROUP BY region");
             ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                regions.put(rows.getString(1), new long[] {rows.getLong(2), rows.getLong(3)});
            }
            return regions;
        } finally {
            idle.offer(reader);
        }
    }

    private Reader borrow() {
        try {
            return idle.poll(BORROW_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Closes every connection; a read still running on one fails and answers "absent". */
    @Override
    public void close() {
        all.forEach(Reader::close);
    }

    private static final class Reader {
        final Connection connection;
        final PreparedStatement entry;
        final PreparedStatement meta;

        Reader(Connection connection) throws SQLException {
            this.connection = connection;
            try {
                entry = connection.prepareStatement("SELECT value_type, value, created_at, expires_at, tags, tables,"
                    + " run_id, version FROM entries WHERE region = ? AND key = ?");
                meta = connection.prepareStatement("SELECT value FROM meta WHERE key = ?");
            } catch (SQLException e) {
                EntryStore.closeQuietly(connection);
                throw e;
            }
        }

        DiskEntry read(String region, String key) throws SQLException {
            entry.setString(1, region);
            entry.setString(2, key);
            try (ResultSet row = entry.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                return new DiskEntry(region, key, row.getString(1), row.getBytes(2), row.getLong(3), row.getLong(4),
                    Links.tags(row.getString(5)), Links.tables(row.getString(6)), row.getString(7), row.getLong(8));
            } catch (IOException unreadableLinks) {
                throw new SQLException("unreadable tags or tables of " + region + "/" + key, unreadableLinks);
            }
        }

        String meta(String key) throws SQLException {
            meta.setString(1, key);
            try (ResultSet row = meta.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        }

        void close() {
            EntryStore.closeQuietly(connection);
        }
    }
}
