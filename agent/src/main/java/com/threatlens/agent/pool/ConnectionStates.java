package com.threatlens.agent.pool;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;

import com.threatlens.agent.bootstrap.AgentLog;

/**
 * What SQLite keeps per connection and a pool cannot reset: temporary tables, views and
 * triggers, attached databases, PRAGMAs, and a transaction opened with a SQL {@code BEGIN}
 * that the JDBC driver does not know about. Each physical connection's state is taken as it
 * was opened and compared on every return.
 *
 * <p>Not detected, because SQLite offers no way to read them back: user functions, collations
 * and busy or progress handlers registered through the driver, and PRAGMAs outside the watched
 * list below (for instance {@code case_sensitive_like}, which can only be written).
 */
final class ConnectionStates {

    private static final String[] WATCHED_PRAGMAS = {
        "journal_mode", "synchronous", "cache_size", "temp_store", "busy_timeout", "foreign_keys", "query_only",
        "recursive_triggers", "automatic_index", "reverse_unordered_selects", "defer_foreign_keys"};

    private static final String PROBE = probeSql();

    private final PerConnection<State> states = new PerConnection<>();
    private volatile boolean probeFailureLogged;

    /** What a connection returned to the pool turned out to be. */
    enum Verdict {
        CLEAN,
        /** A SQL-level transaction was left open; it was rolled back and the connection is clean. */
        ROLLED_BACK,
        TEMPORARY_OBJECTS,
        ATTACHED_DATABASE,
        PRAGMA_CHANGED,
        /** The state could not be read: the connection is not trusted again. */
        UNREADABLE;

        boolean retires() {
            return this != CLEAN && this != ROLLED_BACK;
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Takes the state of a freshly opened and tuned connection as its baseline. */
    void remember(Connection physical) {
        try {
            PreparedStatement begin = physical.prepareStatement("BEGIN");
            PreparedStatement rollback = physical.prepareStatement("ROLLBACK");
            PreparedStatement probe = physical.prepareStatement(PROBE);
            State state = new State(begin, rollback, probe);
            state.baseline = state.read();
            states.put(physical, state);
        } catch (SQLException unavailable) {
            if (!probeFailureLogged) {
                probeFailureLogged = true;
                AgentLog.warn("pooled connections are returned without state checks, this SQLite cannot read its state: "
                    + unavailable.getMessage());
            }
        }
    }

    /** Rolls back a forgotten SQL transaction, then compares the state with the baseline. */
    Verdict check(Connection physical) {
        State state = states.get(physical);
        if (state == null) {
            return Verdict.CLEAN;
        }
        try {
            boolean rolledBack = false;
            try {
                state.begin.execute();
            } catch (SQLException alreadyInTransaction) {
                rolledBack = true;
            }
            state.rollback.execute();
            Snapshot now = state.read();
            if (now.temporaryObjects() > state.baseline.temporaryObjects()) {
                return Verdict.TEMPORARY_OBJECTS;
            }
            if (now.attachedDatabases() > state.baseline.attachedDatabases()) {
                return Verdict.ATTACHED_DATABASE;
            }
            if (!now.pragmas().equals(state.baseline.pragmas())) {
                return Verdict.PRAGMA_CHANGED;
            }
            return rolledBack ? Verdict.ROLLED_BACK : Verdict.CLEAN;
        } catch (SQLException | RuntimeException unreadable) {
            return Verdict.UNREADABLE;
        }
    }

    int size() {
        return states.size();
    }

    private static String probeSql() {
        StringBuilder pragmas = new StringBuilder();
        for (String pragma : WATCHED_PRAGMAS) {
            if (pragmas.length() > 0) {
                pragmas.append(" || ' ' || ");
            }
            pragmas.append("coalesce((SELECT * FROM pragma_").append(pragma).append("), '-')");
        }
        return "SELECT (SELECT count(*) FROM temp.sqlite_master), "
            + "(SELECT count(*) FROM pragma_database_list WHERE name NOT IN ('main', 'temp')), " + pragmas;
    }

    private record Snapshot(int temporaryObjects, int attachedDatabases, String pragmas) {
    }

    private static final class State {
        final PreparedStatement begin;
        final PreparedStatement rollback;
        final PreparedStatement probe;
        Snapshot baseline;

        State(PreparedStatement begin, PreparedStatement rollback, PreparedStatement probe) {
            this.begin = begin;
            this.rollback = rollback;
            this.probe = probe;
        }

        Snapshot read() throws SQLException {
            try (ResultSet row = probe.executeQuery()) {
                row.next();
                return new Snapshot(row.getInt(1), row.getInt(2), row.getString(3));
            }
        }
    }
}
