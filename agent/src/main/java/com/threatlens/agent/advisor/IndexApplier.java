package com.threatlens.agent.advisor;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import com.threatlens.agent.bootstrap.AgentLog;
import com.threatlens.agent.pool.DatabaseAccess;
import com.threatlens.agent.tasks.TaskContext;
import com.threatlens.agent.tasks.TaskFailure;

/**
 * The work of an optimize task for one database: each index created on its own
 * ({@code CREATE INDEX IF NOT EXISTS}, which SQLite runs as one transaction, so a failure leaves
 * no part of it behind), after checking that its table and columns still exist; then
 * {@code ANALYZE} of each new index, {@code PRAGMA optimize}, as SQLite advises after creating
 * indexes, and a passive WAL checkpoint, which never waits for readers. A busy database (a lock
 * held past the busy timeout) is a retryable failure.
 *
 * <p>The statistics matter: the advisor proved each index with {@code sqlite_stat1} rows in its
 * what-if database, and without them the application's planner may choose otherwise (it uses an
 * index on {@code (owasp_category, updated_at)} for {@code updated_at >= ?} only by skip-scan,
 * which needs statistics; without them it reads the whole index). {@code ANALYZE} of one index
 * writes that index's row only, bounded by {@code analysis_limit} so that it takes milliseconds
 * on any table; the connection's own limit is put back afterwards.
 */
final class IndexApplier {

    private static final int SQLITE_BUSY = 5;
    private static final int SQLITE_LOCKED = 6;
    /** Rows of each index {@code ANALYZE} reads: SQLite's own advice for {@code PRAGMA optimize}. */
    static final int ANALYSIS_LIMIT = 1000;

    private IndexApplier() {
    }

    /** The statements an optimize runs for {@code indexes}, in order. */
    static List<String> statements(List<IndexDefinition> indexes) {
        List<String> statements = new ArrayList<>();
        indexes.forEach(index -> statements.add(index.createSql()));
        if (!statements.isEmpty()) {
            statements.add("PRAGMA analysis_limit = " + ANALYSIS_LIMIT);
            indexes.forEach(index -> statements.add(analyzeSql(index)));
            statements.add("PRAGMA optimize");
            statements.add("PRAGMA wal_checkpoint(PASSIVE)");
        }
        return statements;
    }

    /**
     * Creates {@code indexes}; {@code outcome} hears of each (its error, null when created). Returns a
     * summary; throws when any failed.
     */
    static String apply(String database, DatabaseAccess access, String url, List<IndexDefinition> indexes,
                        Duration busyTimeout, TaskContext context, BiConsumer<IndexDefinition, String> outcome)
        throws TaskFailure {
        List<String> failures = new ArrayList<>();
        int created;
        try {
            created = access.write(url, connection -> create(database, connection, indexes, busyTimeout, context, outcome,
                failures));
        } catch (Stopped stopped) {
            throw stopped.failure;
        } catch (SQLException failed) {
            if (isBusy(failed)) {
                throw TaskFailure.retryable("the database was locked: " + failed.getMessage(), failed);
            }
            throw TaskFailure.permanent("optimize of " + database + " failed: " + failed.getMessage(), failed);
        }
        if (!failures.isEmpty()) {
            throw TaskFailure.permanent(created + " of " + indexes.size() + " indexes created; failed: "
                + String.join("; ", failures), null);
        }
        return created + " indexes created in " + database + ", analyzed, PRAGMA optimize run, WAL checkpointed";
    }

    /** Creates the indexes on {@code connection}; returns how many, adding each failure to {@code failures}. */
    private static int create(String database, Connection connection, List<IndexDefinition> indexes, Duration busyTimeout,
                              TaskContext context, BiConsumer<IndexDefinition, String> outcome, List<String> failures)
        throws SQLException {
        int created = 0;
        List<IndexDefinition> made = new ArrayList<>();
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = " + Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
            SchemaSnapshot schema = SchemaSnapshot.read(connection);
            for (int i = 0; i < indexes.size(); i++) {
                IndexDefinition index = indexes.get(i);
                if (Thread.currentThread().isInterrupted()) {
                    throw new Stopped(TaskFailure.permanent("optimize cancelled after " + created + " of " + indexes.size()
                        + " indexes", null));
                }
                if (!schema.fits(index)) {
                    failures.add(index + ": its table or a column no longer exists");
                    outcome.accept(index, "its table or a column no longer exists");
                    continue;
                }
                try {
                    statement.execute(index.createSql());
                    created++;
                    made.add(index);
                    outcome.accept(index, null);
                    AgentLog.info("advisor: created index " + index.name() + " in " + database);
                } catch (SQLException failed) {
                    if (isBusy(failed)) {
                        throw new Stopped(TaskFailure.retryable("the database stayed locked while creating " + index.name(),
                            failed));
                    }
                    failures.add(index + ": " + failed.getMessage());
                    outcome.accept(index, failed.getMessage());
                }
                context.progress((i + 1) * 90 / indexes.size());
            }
            analyze(database, statement, made);
            statement.execute("PRAGMA optimize");
            statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
            context.progress(100);
        }
        return created;
    }

    /** Statistics for each new index; a failure is logged, the index stays (it only plans less well). */
    private static void analyze(String database, Statement statement, List<IndexDefinition> indexes) throws SQLException {
        if (indexes.isEmpty()) {
            return;
        }
        long previousLimit;
        try (ResultSet limit = statement.executeQuery("PRAGMA analysis_limit")) {
            previousLimit = limit.next() ? limit.getLong(1) : 0;
        }
        statement.execute("PRAGMA analysis_limit = " + ANALYSIS_LIMIT);
        try {
            for (IndexDefinition index : indexes) {
                try {
                    statement.execute(analyzeSql(index));
                } catch (SQLException failed) {
                    if (isBusy(failed)) {
                        throw failed;
                    }
                    AgentLog.warn("advisor: no statistics for " + index.name() + " in " + database + ": " + failed.getMessage());
                }
            }
        } finally {
            statement.execute("PRAGMA analysis_limit = " + previousLimit);
        }
    }

    private static String analyzeSql(IndexDefinition index) {
        return "ANALYZE " + SqlNames.quote(index.name());
    }

    /** Carries a task's failure out of the connection's work, which may only throw SQLException. */
    private static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient TaskFailure failure;

        Stopped(TaskFailure failure) {
            super(failure);
            this.failure = failure;
        }
    }

    private static boolean isBusy(SQLException failure) {
        int primary = failure.getErrorCode() & 0xff;
        return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
    }
}
