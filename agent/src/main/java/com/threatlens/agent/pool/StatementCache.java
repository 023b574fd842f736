package com.threatlens.agent.pool;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

import com.threatlens.agent.jdbc.InternalSql;

/**
 * The prepared statements of one physical connection that their borrowers have closed, kept
 * by SQL text, so that an application that prepares the same statement on every request has
 * it compiled once per connection instead of every time (SQLite's compiler was 7% of all CPU
 * of a pooled service that prepares per request).
 *
 * <p>A statement comes back reset (its result set closed, which ends SQLite's read snapshot)
 * and with its parameters cleared. SQLite prepares a statement again by itself when the schema
 * it was compiled against changes (Python's sqlite3 module, ThreatLens's own stack, relies on
 * this for its statement cache). Still, the driver reads some counts once, at prepare, and a
 * fresh prepare reports a dropped table at once: so after any statement that may have changed
 * the schema in this JVM (DDL or unknown SQL, as query statistics count them; every time when
 * statistics are off) a reuse first compares {@code PRAGMA schema_version} with the one the kept
 * statements were prepared under, and after a change they are all closed and prepared again.
 * A schema change by another process is left to SQLite's own re-prepare: a statement of a
 * table another process dropped then fails at its execution instead of its preparation. The
 * least recently returned statement is closed when more than {@code capacity} are kept.
 */
final class StatementCache {

    private final Connection physical;
    private final int capacity;
    private final InternalSql internal;
    private final LongAdder reused;
    private final LongAdder prepared;
    private final LongSupplier schemaChanges;
    private final PreparedStatement schemaVersion;
    private long schemaChangesSeen;
    private final Map<String, PreparedStatement> idle = new LinkedHashMap<>();
    private long knownSchemaVersion;

    /**
     * @param schemaChanges a count that moves with every statement that may have changed the
     *                      schema; null: check the schema version on every reuse
     */
    StatementCache(Connection physical, int capacity, InternalSql internal, LongSupplier schemaChanges,
                   LongAdder reused, LongAdder prepared) throws SQLException {
        this.physical = physical;
        this.capacity = capacity;
        this.internal = internal;
        this.reused = reused;
        this.prepared = prepared;
        this.schemaChanges = schemaChanges;
        this.schemaChangesSeen = schemaChanges == null ? 0 : schemaChanges.getAsLong();
        this.schemaVersion = internal.run(() -> physical.prepareStatement("PRAGMA schema_version"));
        this.knownSchemaVersion = readSchemaVersion();
    }

    /** The kept statement for {@code sql}, taken out of the cache, or a newly prepared one. */
    synchronized PreparedStatement take(String sql) throws SQLException {
        PreparedStatement statement = idle.remove(sql);
        if (statement != null) {
            if (stillValid(statement)) {
                reused.increment();
                return statement;
            }
            closeQuietly(statement);
        }
        prepared.increment();
        return physical.prepareStatement(sql);
    }

    /**
     * A borrower closed {@code statement}. It is kept when {@code reusable} and it resets
     * cleanly, and closed otherwise (a failure of that close goes to the borrower, as the
     * driver's own close would).
     */
    synchronized void giveBack(String sql, PreparedStatement statement, ResultSet lastResult, boolean reusable)
        throws SQLException {
        if (reusable && reset(statement, lastResult)) {
            PreparedStatement previous = idle.put(sql, statement);
            if (previous != null) {
                closeQuietly(previous);
            }
            if (idle.size() > capacity) {
                Iterator<PreparedStatement> eldest = idle.values().iterator();
                closeQuietly(eldest.next());
                eldest.remove();
            }
            return;
        }
        statement.close();
    }

    synchronized int size() {
        return idle.size();
    }

    private static boolean reset(PreparedStatement statement, ResultSet lastResult) {
        try {
            if (statement.isClosed()) {
                return false;
            }
            if (lastResult != null) {
                lastResult.close();
            }
            statement.clearParameters();
            return true;
        } catch (SQLException | RuntimeException unusable) {
            return false;
        }
    }

    /** False after a schema change (all kept statements are then dropped) or when that cannot be read. */
    private boolean stillValid(PreparedStatement statement) {
        if (schemaChanges != null) {
            long changes = schemaChanges.getAsLong();
            if (changes == schemaChangesSeen) {
                return !isClosed(statement);
            }
            schemaChangesSeen = changes;
        }
        try {
            long now = readSchemaVersion();
            if (now == knownSchemaVersion) {
                return !statement.isClosed();
            }
            knownSchemaVersion = now;
        } catch (SQLException | RuntimeException unreadable) {
            knownSchemaVersion = -1;
        }
        idle.values().forEach(StatementCache::closeQuietly);
        idle.clear();
        return false;
    }

    private static boolean isClosed(PreparedStatement statement) {
        try {
            return statement.isClosed();
        } catch (SQLException unknown) {
            return true;
        }
    }

    private long readSchemaVersion() throws SQLException {
        return internal.run(() -> {
            try (ResultSet row = schemaVersion.executeQuery()) {
                return row.next() ? row.getLong(1) : -1L;
            }
        });
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException | RuntimeException ignored) {
            // The statement was only kept for reuse; nobody waits for its close.
        }
    }
}
