package com.threatlens.agent.search;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.threatlens.agent.data.ThreatLensDatabase;

/**
 * Counts the matches of a full-text search in parts, one range of wiki ids per part, each on a
 * connection of its own, at the same time: what PostgreSQL does with a parallel aggregate. The
 * count is what a first page waits for (the page itself reads a few rows); it is CPU-bound in
 * SQLite, so parts on idle cores cut its latency by about their number.
 *
 * <p>Only one search splits at a time: a search that comes while another is split counts on its
 * own thread, so concurrent searches share the cores instead of queueing for them. The ranges
 * cover every id (the first and last are open), so rows added meanwhile are counted by one part;
 * as with any count made while the application writes, the parts may see different commits,
 * and the cache stores no value computed during a write.
 */
final class SplitCount {

    private final ThreatLensDatabase database;
    private final int parts;
    private final ExecutorService helpers;
    private final AtomicBoolean splitting = new AtomicBoolean();

    /** {@code parts} below 2: never split. */
    SplitCount(ThreatLensDatabase database, int parts) {
        this.database = database;
        this.parts = parts;
        this.helpers = parts < 2 ? null : new ThreadPoolExecutor(0, parts - 1, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "threatlens-search-count");
                thread.setDaemon(true);
                return thread;
            }, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    /** The number of parts configured: {@code configured}, or one per processor when 0. */
    static int parts(int configured) {
        return configured > 0 ? configured : Runtime.getRuntime().availableProcessors();
    }

    /** The count of {@code sql} (an index-only count), split when no other count is split now. */
    long count(SearchSql sql) throws SQLException {
        if (helpers == null || !splitting.compareAndSet(false, true)) {
            return countRange(sql, Long.MIN_VALUE, Long.MAX_VALUE);
        }
        try {
            return countInParts(sql);
        } finally {
            splitting.set(false);
        }
    }

    private long countInParts(SearchSql sql) throws SQLException {
        long[] bounds = bounds(idRange());
        List<Future<Long>> others = new ArrayList<>();
        try {
            for (int part = 1; part < parts; part++) {
                long from = bounds[part] + 1;
                long to = bounds[part + 1];
                others.add(helpers.submit(() -> countRange(sql, from, to)));
            }
            long total = countRange(sql, Long.MIN_VALUE, bounds[1]);
            for (Future<Long> other : others) {
                total += other.get();
            }
            return total;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while counting matches", interrupted);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof SQLException sqlError) {
                throw sqlError;
            }
            throw new SQLException("a part of the count failed: " + cause, cause);
        } finally {
            others.forEach(other -> other.cancel(true));
        }
    }

    /**
     * {@code parts + 1} bounds: part {@code i} counts ids in {@code (bounds[i], bounds[i+1]]}, the
     * first part from the lowest id there can be. The last bound is the highest id there can be,
     * so every id is in exactly one part, whatever the table holds by the time the parts run.
     */
    long[] bounds(long[] minAndMax) {
        long[] bounds = new long[parts + 1];
        bounds[0] = Long.MIN_VALUE;
        bounds[parts] = Long.MAX_VALUE;
        long min = minAndMax[0];
        long span = Math.max(0, minAndMax[1] - min);
        for (int part = 1; part < parts; part++) {
            bounds[part] = min + span * part / parts;
        }
        return bounds;
    }

    private long[] idRange() throws SQLException {
        return database.read(connection -> {
            try (Statement statement = connection.createStatement();
                 // Two subqueries: SQLite reads MIN or MAX from the end of the b-tree only when
                 // it is a query's one aggregate; together they scan the table.
                 ResultSet range = statement.executeQuery("SELECT COALESCE((SELECT MIN(id) FROM security_wikis), 0), "
                     + "COALESCE((SELECT MAX(id) FROM security_wikis), 0)")) {
                range.next();
                return new long[] {range.getLong(1), range.getLong(2)};
            }
        });
    }

    /** The count of matches with ids from {@code from} to {@code to}, both included. */
    private long countRange(SearchSql sql, long from, long to) throws SQLException {
        return database.read(connection -> {
            try (PreparedStatement select = connection.prepareStatement(sql.rangeCountSql())) {
                sql.bindRangeCount(select, from, to);
                try (ResultSet rows = select.executeQuery()) {
                    rows.next();
                    return rows.getLong(1);
                }
            }
        });
    }
}
