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
 * fresh prepare reports a dropped table at once: so after any statement in this JVM that may
 * have changed the schema (DDL or unknown SQL, as query statistics count them) the kept
 * statements are closed and prepared again. No SQL is run for that: a read here would begin
 * the borrower's transaction early. A schema change by another process, or any when statistics
 * are off, is left to SQLite's own re-prepare: a statement of a dropped table then fails at its
 * execution instead of its preparation. The least recently returned statement is closed when
 * more than {@code capacity} are kept.
 *
 * <p>A physical connection has one borrower at a time; the methods are synchronized only
 * against an application that closes a statement on another thread.
 */
final class StatementCache {

    private final int capacity;
    private final Connection physical;
    private final LongSupplier schemaChanges;
    private final LongAdder reused;
    private final LongAdder prepared;
    private final Map<String, PreparedStatement> idle = new LinkedHashMap<>();
    private long schemaChangesSeen;

    /** @param schemaChanges a count that moves with every statement that may have changed the schema, or null */
    StatementCache(int capacity, Connection physical, LongSupplier schemaChanges, LongAdder reused,
                   LongAdder prepared) {
        this.capacity = capacity;
        this.physical = physical;
        this.schemaChanges = schemaChanges;
        this.reused = reused;
        this.prepared = prepared;
        this.schemaChangesSeen = schemaChanges == null ? 0 : schemaChanges.getAsLong();
    }

    /** The kept statement for {@code sql}, taken out of the cache, or a newly prepared one. */
    synchronized PreparedStatement take(String sql) throws SQLException {
        dropAllAfterSchemaChange();
        PreparedStatement statement = idle.remove(sql);
        if (statement != null && !isClosed(statement)) {
            reused.increment();
            return statement;
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

    private void dropAllAfterSchemaChange() {
        if (schemaChanges == null) {
            return;
        }
        long changes = schemaChanges.getAsLong();
        if (changes != schemaChangesSeen) {
            schemaChangesSeen = changes;
            idle.values().forEach(StatementCache::closeQuietly);
            idle.clear();
        }
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

    private static boolean isClosed(PreparedStatement statement) {
        try {
            return statement.isClosed();
        } catch (SQLException unknown) {
            return true;
        }
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException | RuntimeException ignored) {
            // The statement was only kept for reuse; nobody waits for its close.
        }
    }
}
