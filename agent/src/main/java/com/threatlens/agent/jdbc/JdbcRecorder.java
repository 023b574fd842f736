package com.threatlens.agent.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.threatlens.agent.bootstrap.JdbcHooks;

/**
 * The engine behind the JDBC advice: ties statements to their SQL and database, times each
 * execution and its fetch, and feeds {@link StatementTable} and {@link SlowQueryLog}.
 *
 * <p>Design notes:
 * <ul>
 * <li>Statements and result sets are tied to their data through weak-keyed identity maps, so
 *     the agent never keeps a JDBC object alive.</li>
 * <li>A per-thread call depth makes a driver's execute that calls its own executeQuery count
 *     once: only the outermost call is measured.</li>
 * <li>The fetch phase is found from {@code ResultSet.next} through the thread's most recent
 *     execution first (one identity check), and through the weak map only when an application
 *     interleaves result sets.</li>
 * <li>An execution counts as a call when execute returns (or throws); its time goes into the
 *     histogram when its rows are exhausted or its result set is closed (closing a statement or
 *     connection closes it too). Queries run while another result set is being read (the N+1
 *     pattern) are tracked side by side. A result set that is dropped without being closed or
 *     read to the end counts as a call but never reaches the histogram.</li>
 * <li>Work that wants to know the statements it ran (an HTTP request) is attributed through the
 *     same per-thread state: one field read on the hot path when nothing is attributed. So is a
 *     thread that collects the tables it reads (a cached method computing its value).</li>
 * <li>Every statement but a SELECT is shown to the {@link WriteListener}, if one listens, before
 *     it runs and after it returns, and so are transaction ends; nested statements are not
 *     (the outermost one stands for them).</li>
 * </ul>
 */
public final class JdbcRecorder implements JdbcHooks, InternalSql, TableTracking {

    private static final Object NESTED = new Object();

    private final StatementTable table;
    private final StatementIdentities identities;
    private final SlowQueryLog slowLog;
    private final boolean captureLiterals;
    private final MillisFromNanos clockMillis;
    private final ThreadLocal<ThreadState> threads = ThreadLocal.withInitial(ThreadState::new);
    private final AtomicLong connectionStateChanges = new AtomicLong();
    private final AtomicLong schemaChanges = new AtomicLong();
    private volatile WriteListener writes;
    private volatile boolean rowKeys;
    private final Cache<Object, StatementBinding> bindings = Caffeine.newBuilder().weakKeys().executor(Runnable::run).build();
    private final Cache<Object, Execution> fetches = Caffeine.newBuilder().weakKeys().executor(Runnable::run).build();
    private final Cache<Object, String> databases = Caffeine.newBuilder().weakKeys().executor(Runnable::run).build();

    public JdbcRecorder(StatementTable table, StatementIdentities identities, SlowQueryLog slowLog,
                        boolean captureLiterals, LongSupplier clockMillis) {
        this.table = table;
        this.identities = identities;
        this.slowLog = slowLog;
        this.captureLiterals = captureLiterals;
        this.clockMillis = new MillisFromNanos(clockMillis);
    }

    /**
     * How many statements so far could have changed the state a connection keeps for its
     * session (PRAGMA, ATTACH, BEGIN, CREATE TEMP, ...): everything but SELECT, INSERT, UPDATE
     * and DELETE, and every statement whose SQL is unknown. Pools compare it before and after a
     * borrow to skip their state checks when it did not move.
     */
    public long connectionStateChanges() {
        return connectionStateChanges.get();
    }

    /**
     * How many statements so far could have changed the schema: DDL, and every statement whose
     * SQL is unknown. Pools drop the statements they keep for reuse when it moves.
     */
    public long schemaChanges() {
        return schemaChanges.get();
    }

    private void noteConnectionState(StatementIdentity identity) {
        SqlOperation operation = identity.operation();
        if (operation == SqlOperation.OTHER || operation == SqlOperation.DDL) {
            connectionStateChanges.incrementAndGet();
        }
        if (operation == SqlOperation.DDL) {
            schemaChanges.incrementAndGet();
        }
    }

    /**
     * Runs the agent's own SQL unmeasured: inside it every execute looks nested, so none is
     * counted and the application's pending execution on this thread is left as it was.
     */
    @Override
    public <T> T run(Work<T> work) throws SQLException {
        ThreadState thread = threads.get();
        thread.depth++;
        try {
            return work.run();
        } finally {
            thread.depth--;
        }
    }

    /**
     * From now on, the statements this thread runs are also counted in {@code work} (or in
     * nothing, with null). Returns what was attributed before, to restore afterwards.
     */
    public DatabaseWork attributeTo(DatabaseWork work) {
        ThreadState thread = threads.get();
        DatabaseWork previous = thread.work;
        thread.work = work;
        return previous;
    }

    /** From now on every statement but a SELECT, and every transaction end, is shown to {@code listener}. */
    @Override
    public void listenForWrites(WriteListener listener) {
        this.writes = listener;
    }

    /**
     * From now on, every statement this thread runs is shown to {@code reads} (or to nothing, with
     * null). Returns the collector before, to restore afterwards.
     */
    @Override
    public TableReads collectReads(TableReads reads) {
        ThreadState thread = threads.get();
        TableReads previous = thread.reads;
        thread.reads = reads;
        return previous;
    }

    @Override
    public void captureRowKeys() {
        rowKeys = true;
    }

    /** The collector of this thread, or null. */
    @Override
    public TableReads currentReads() {
        return threads.get().reads;
    }

    @Override
    public void transactionEnded(Object connection) {
        WriteListener listener = writes;
        if (listener != null && connection != null) {
            listener.transactionEnded(connection);
        }
    }

    /**
     * Shows a statement that is about to run to the read collector and the write listener;
     * {@code keyed} is the binding whose bound key it runs with, or null.
     */
    private Object observeTables(ThreadState thread, Object statement, String database, StatementIdentity identity,
                                 StatementBinding keyed) {
        TableReads reads = thread.reads;
        WriteListener listener = writes;
        boolean write = listener != null && (identity == null || identity.operation() != SqlOperation.SELECT);
        RowKey key = keyed != null && (reads != null || write) ? keyed.rowKey() : null;
        if (reads != null) {
            reads.read(database, identity, key);
        }
        return write ? listener.starting(connectionOf(statement), database, identity, key) : null;
    }

    private void writeExecuted(Object writeToken) {
        WriteListener listener = writes;
        if (writeToken != null && listener != null) {
            listener.executed(writeToken);
        }
    }

    @Override
    public void statementCreated(Object connection, Object statement, String sql) {
        String database = databaseOf(connection);
        StatementIdentity identity = sql == null ? null : identities.of(sql);
        PointShape shape = rowKeys && identity != null ? identity.pointShape(sql) : null;
        bindings.put(statement, new StatementBinding(database, identity, sql, shape));
    }

    @Override
    public void parameterSet(Object statement, int index, Object value) {
        StatementBinding binding = keyedBinding(statement);
        if (binding != null) {
            binding.bound(index, value);
        }
    }

    @Override
    public void parameterSet(Object statement, int index, long value) {
        StatementBinding binding = keyedBinding(statement);
        if (binding != null) {
            binding.bound(index, value);
        }
    }

    @Override
    public void parametersCleared(Object statement) {
        StatementBinding binding = keyedBinding(statement);
        if (binding != null) {
            binding.cleared();
        }
    }

    /** The binding of a point statement, whose key is noted; null for any other statement. */
    private StatementBinding keyedBinding(Object statement) {
        if (!rowKeys) {
            // No shapes are decided: no statement has a key to note.
            return null;
        }
        StatementBinding binding = bindingOf(statement);
        return binding != null && binding.shape != null ? binding : null;
    }

    @Override
    public void batchAdded(Object statement, String sql) {
        StatementBinding binding = bindingOf(statement);
        if (binding != null) {
            binding.addBatch(sql == null ? null : identities.of(sql));
        }
    }

    @Override
    public Object executeStart(Object statement, String sql, boolean batch) {
        ThreadState thread = threads.get();
        if (thread.depth > 0) {
            thread.depth++;
            return NESTED;
        }
        Execution unclaimed = thread.takeAwaiting(null);
        if (unclaimed != null) {
            complete(unclaimed, thread, null);
        }
        StatementBinding binding = thread.bindingOf(statement, bindings);
        Object token;
        if (batch && binding != null && binding.identity == null) {
            List<StatementIdentity> statements = binding.drainBatch();
            statements.forEach(this::noteConnectionState);
            List<Object> writeTokens = new ArrayList<>();
            for (StatementIdentity each : statements) {
                Object writeToken = observeTables(thread, statement, binding.database, each, null);
                if (writeToken != null) {
                    writeTokens.add(writeToken);
                }
            }
            token = new BatchExecution(statements, binding.database, writeTokens, System.nanoTime());
        } else if (sql != null) {
            String database = binding != null ? binding.database : databaseOf(connectionOf(statement));
            StatementIdentity identity = identities.of(sql);
            noteConnectionState(identity);
            Object writeToken = observeTables(thread, statement, database, identity, null);
            token = new Execution(statement, table.get(database, identity), captureLiterals ? sql : null, writeToken,
                System.nanoTime());
        } else if (binding != null && binding.identity != null) {
            noteConnectionState(binding.identity);
            // A batch runs with many keys: table-level.
            Object writeToken = observeTables(thread, statement, binding.database, binding.identity,
                batch || binding.shape == null ? null : binding);
            token = new Execution(statement, binding.stats(table), captureLiterals ? binding.sql : null, writeToken,
                System.nanoTime());
        } else {
            connectionStateChanges.incrementAndGet();
            schemaChanges.incrementAndGet();
            String database = binding != null ? binding.database : DatabaseUrl.UNKNOWN;
            Object writeToken = observeTables(thread, statement, database, null, null);
            return writeToken == null ? NESTED_UNKNOWN : new UnmeasuredWrite(writeToken);
        }
        thread.depth = 1;
        return token;
    }

    /** A statement the agent never saw prepared (created before it attached): not measured. */
    private static final Object NESTED_UNKNOWN = new Object();

    /** Such a statement, shown to the write listener all the same: it could have written anything. */
    private static final class UnmeasuredWrite {
        final Object writeToken;

        UnmeasuredWrite(Object writeToken) {
            this.writeToken = writeToken;
        }
    }

    @Override
    public void executeEnd(Object token, Object result, Throwable error) {
        long now = System.nanoTime();
        ThreadState thread = threads.get();
        if (token == NESTED) {
            thread.depth--;
            return;
        }
        if (token == NESTED_UNKNOWN) {
            return;
        }
        if (token instanceof UnmeasuredWrite) {
            writeExecuted(((UnmeasuredWrite) token).writeToken);
            return;
        }
        thread.depth = 0;
        if (token instanceof BatchExecution) {
            BatchExecution batch = (BatchExecution) token;
            batch.writeTokens.forEach(this::writeExecuted);
            batch.finish(now, result, error);
            DatabaseWork work = thread.work;
            if (work != null) {
                work.statements += batch.size();
                work.nanos += now - batch.startNanos;
            }
            return;
        }
        Execution execution = (Execution) token;
        writeExecuted(execution.writeToken);
        execution.writeToken = null;
        StatementStats stats = execution.stats;
        stats.called(clockMillis.at(now));
        execution.executeNanos = now - execution.startNanos;
        DatabaseWork work = thread.work;
        if (work != null) {
            work.statements++;
            work.nanos += execution.executeNanos;
        }
        if (slowLog.isSlow(execution.executeNanos)) {
            // Slow already: name the frame that executed it, not the one that reads its rows.
            execution.caller = CallerFrames.find();
        }
        if (error != null) {
            stats.failed(error instanceof SQLException ? ((SQLException) error).getSQLState() : null);
            complete(execution, thread, null);
        } else if (result instanceof ResultSet) {
            thread.startFetching(execution, result, fetches);
        } else if (result instanceof Boolean) {
            // execute(): the rows arrive through getResultSet(), or the count through
            // getUpdateCount(); until the app asks (or runs its next statement), it stays open.
            thread.awaitResultSet(execution);
        } else {
            execution.rows = updateCount(result);
            complete(execution, thread, null);
        }
    }

    @Override
    public void resultSetObtained(Object statement, Object resultSet) {
        ThreadState thread = threads.get();
        Execution execution = thread.takeAwaiting(statement);
        if (execution != null) {
            thread.startFetching(execution, resultSet, fetches);
        }
    }

    @Override
    public void updateCountObtained(Object statement, int count) {
        ThreadState thread = threads.get();
        Execution execution = thread.takeAwaiting(statement);
        if (execution != null) {
            execution.rows = Math.max(0, count);
            complete(execution, thread, null);
        }
    }

    @Override
    public void rowFetched(Object resultSet, long startNanos, boolean hasRow) {
        long elapsed = System.nanoTime() - startNanos;
        ThreadState thread = threads.get();
        Execution execution = thread.fetchOf(resultSet, fetches);
        if (execution == null || execution.completed) {
            return;
        }
        execution.fetchNanos += elapsed;
        DatabaseWork work = thread.work;
        if (work != null) {
            work.nanos += elapsed;
        }
        if (hasRow) {
            execution.rows++;
        } else {
            complete(execution, thread, resultSet);
        }
    }

    @Override
    public void resultSetClosed(Object resultSet) {
        ThreadState thread = threads.get();
        Execution execution = thread.fetchOf(resultSet, fetches);
        if (execution != null) {
            complete(execution, thread, resultSet);
        }
    }

    private void complete(Execution execution, ThreadState thread, Object resultSet) {
        if (execution.completed) {
            return;
        }
        execution.completed = true;
        thread.stopFetching(execution, resultSet, fetches);
        StatementStats stats = execution.stats;
        stats.completed(execution.executeNanos, execution.fetchNanos, execution.rows);
        if (slowLog.isSlow(execution.executeNanos + execution.fetchNanos)) {
            slowLog.record(stats, execution.executeNanos, execution.fetchNanos, execution.rows, execution.sql,
                execution.caller != null ? execution.caller : CallerFrames.find());
        }
    }

    private StatementBinding bindingOf(Object statement) {
        return statement == null ? null : threads.get().bindingOf(statement, bindings);
    }

    private static Object connectionOf(Object statement) {
        try {
            return statement instanceof Statement ? ((Statement) statement).getConnection() : null;
        } catch (SQLException | RuntimeException closed) {
            return null;
        }
    }

    private String databaseOf(Object connection) {
        if (connection == null) {
            return DatabaseUrl.UNKNOWN;
        }
        String known = databases.getIfPresent(connection);
        if (known != null) {
            return known;
        }
        String url;
        try {
            url = connection instanceof Connection ? ((Connection) connection).getMetaData().getURL() : null;
        } catch (SQLException | RuntimeException unavailable) {
            url = null;
        }
        String database = DatabaseUrl.sanitize(url);
        databases.put(connection, database);
        return database;
    }

    /** Rows changed: an update count, or the sum of a batch's non-negative counts. */
    private static long updateCount(Object result) {
        if (result instanceof Integer || result instanceof Long) {
            return Math.max(0, ((Number) result).longValue());
        }
        long sum = 0;
        if (result instanceof int[]) {
            for (int count : (int[]) result) {
                sum += Math.max(0, count);
            }
        } else if (result instanceof long[]) {
            for (long count : (long[]) result) {
                sum += Math.max(0, count);
            }
        }
        return sum;
    }

    /** Forgets what is in flight (statistics themselves are cleared by the table). */
    public void clear() {
        fetches.invalidateAll();
    }

    /**
     * What one thread is doing, behind a single thread-local lookup: its call depth, the result
     * set it is reading (held here, not in the weak map, so the common case allocates no weak
     * reference), and the last statement it used with that statement's binding (a prepared
     * statement run in a loop skips the weak map). Holding the last statement and result set
     * strongly keeps at most one of each alive per thread, until the thread's next query.
     */
    private static final class ThreadState {
        int depth;
        DatabaseWork work;
        TableReads reads;
        private Object statement;
        private StatementBinding binding;
        private Execution fetching;
        private Object fetchingResultSet;
        private Execution awaiting;

        StatementBinding bindingOf(Object candidate, Cache<Object, StatementBinding> bindings) {
            if (candidate == statement && binding != null) {
                return binding;
            }
            StatementBinding found = bindings.getIfPresent(candidate);
            statement = candidate;
            binding = found;
            return found;
        }

        /** A new result set to read; one still being read moves to the shared weak map. */
        void startFetching(Execution execution, Object resultSet, Cache<Object, Execution> fetches) {
            // The statement may reference its result set: an execution kept in the weak map
            // must not, or the result set (its key) could never be collected.
            execution.statement = null;
            if (fetching != null && !fetching.completed) {
                fetches.put(fetchingResultSet, fetching);
            }
            fetching = execution;
            fetchingResultSet = resultSet;
        }

        /** An execute() whose result set the application has not asked for yet. */
        void awaitResultSet(Execution execution) {
            awaiting = execution;
        }

        /**
         * The awaited execution of {@code statement}, or with {@code null} whichever is awaited;
         * it is no longer awaited afterwards. The statement reference is dropped with it.
         */
        Execution takeAwaiting(Object statement) {
            Execution found = awaiting;
            if (found == null || (statement != null && found.statement != statement)) {
                return null;
            }
            awaiting = null;
            found.statement = null;
            return found;
        }

        /**
         * The execution reading {@code resultSet}. The thread's own stays here after it
         * completes (until the thread's next query), so the {@code close()} that follows the
         * last {@code next()} is answered without touching the weak map, which is consulted
         * only when it holds anything at all.
         */
        Execution fetchOf(Object resultSet, Cache<Object, Execution> fetches) {
            if (resultSet == fetchingResultSet) {
                return fetching;
            }
            return fetches.estimatedSize() == 0 ? null : fetches.getIfPresent(resultSet);
        }

        void stopFetching(Execution execution, Object resultSet, Cache<Object, Execution> fetches) {
            if (execution != fetching && resultSet != null) {
                fetches.invalidate(resultSet);
            }
        }
    }

    /**
     * A plain statement's batch: each SQL string added is one call of its own statement, and
     * the batch's time is shared among them in proportion.
     */
    private final class BatchExecution {
        private final List<StatementIdentity> batch;
        private final String database;
        private final List<Object> writeTokens;
        private final long startNanos;

        BatchExecution(List<StatementIdentity> batch, String database, List<Object> writeTokens, long startNanos) {
            this.batch = batch;
            this.database = database;
            this.writeTokens = writeTokens;
            this.startNanos = startNanos;
        }

        int size() {
            return batch.size();
        }

        void finish(long now, Object result, Throwable error) {
            if (batch.isEmpty()) {
                return;
            }
            long share = (now - startNanos) / batch.size();
            long[] counts = counts(result);
            Map<StatementIdentity, Integer> seen = new LinkedHashMap<>();
            for (int i = 0; i < batch.size(); i++) {
                StatementIdentity identity = batch.get(i);
                StatementStats stats = table.get(database, identity);
                stats.called(clockMillis.at(now));
                if (error != null && seen.putIfAbsent(identity, i) == null) {
                    stats.failed(error instanceof SQLException ? ((SQLException) error).getSQLState() : null);
                }
                stats.completed(share, 0, i < counts.length ? Math.max(0, counts[i]) : 0);
            }
        }

        private long[] counts(Object result) {
            if (result instanceof int[]) {
                int[] ints = (int[]) result;
                long[] longs = new long[ints.length];
                for (int i = 0; i < ints.length; i++) {
                    longs[i] = ints[i];
                }
                return longs;
            }
            return result instanceof long[] ? (long[]) result : new long[0];
        }
    }

    /**
     * What the agent knows about one statement object. For a point statement, also the canonical
     * values bound to its candidate key parameters (null until bound, or when of no known form):
     * parameters keep their values from one execution to the next, as JDBC's do.
     */
    static final class StatementBinding {
        final String database;
        final StatementIdentity identity;
        final String sql;
        final PointShape shape;
        private final Object[] keys;
        private volatile StatementStats stats;
        private List<StatementIdentity> batch;

        StatementBinding(String database, StatementIdentity identity, String sql, PointShape shape) {
            this.database = database;
            this.identity = identity;
            this.sql = sql;
            this.shape = shape;
            this.keys = shape == null ? null : new Object[shape.candidates()];
        }

        void bound(int index, Object value) {
            for (int i = 0; i < keys.length; i++) {
                if (shape.parameter(i) == index) {
                    keys[i] = RowKey.canonical(value);
                }
            }
        }

        void bound(int index, long value) {
            for (int i = 0; i < keys.length; i++) {
                if (shape.parameter(i) == index) {
                    keys[i] = value;
                }
            }
        }

        void cleared() {
            java.util.Arrays.fill(keys, null);
        }

        RowKey rowKey() {
            return new RowKey(shape, keys.clone());
        }

        StatementStats stats(StatementTable table) {
            StatementStats current = stats;
            if (current == null || current.evicted) {
                current = table.get(database, identity);
                stats = current;
            }
            return current;
        }

        synchronized void addBatch(StatementIdentity added) {
            if (added == null) {
                batch = null;
                return;
            }
            if (batch == null) {
                batch = new ArrayList<>();
            }
            batch.add(added);
        }

        synchronized List<StatementIdentity> drainBatch() {
            List<StatementIdentity> drained = batch == null ? List.of() : batch;
            batch = null;
            return drained;
        }
    }
}
