package com.threatlens.agent.cache;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.threatlens.agent.jdbc.RowKey;
import com.threatlens.agent.jdbc.SqlOperation;
import com.threatlens.agent.jdbc.StatementIdentity;
import com.threatlens.agent.jdbc.WriteListener;

/**
 * Raises a {@link WriteMark} before every write the application runs and lowers it when the
 * write's transaction ends: at once under auto-commit, at {@code commit()}, {@code rollback()},
 * {@code close()}, {@code setAutoCommit(true)} or a COMMIT/ROLLBACK statement otherwise.
 *
 * <p>Statements that write are INSERT (REPLACE, upserts and {@code INSERT OR IGNORE} included),
 * UPDATE, DELETE and DDL; one whose SQL is unknown counts as a write of unknown tables. A BEGIN or
 * SAVEPOINT statement opens a transaction the driver's auto-commit flag does not show, so it is
 * followed here. A point write (its {@link RowKey}) raises its row's mark rather than the whole
 * table's (see {@link TableVersions}); DDL makes the schema's keys unknown until it is read again,
 * and a temporary table, which can hide a table of the same name on one connection, switches
 * row-level marks off for its database. Connections are held weakly: one that is collected with writes pending has them
 * lowered then (its transaction died with it).
 */
final class WriteTracker implements WriteListener {

    private final TableVersions versions;
    private final Consumer<WriteMark> committed;
    private final Cache<Object, ConnectionWrites> connections = Caffeine.newBuilder()
        .weakKeys()
        .executor(Runnable::run)
        .removalListener((Object connection, ConnectionWrites writes, RemovalCause cause) -> {
            if (cause == RemovalCause.COLLECTED && writes != null) {
                writes.end();
            }
        })
        .build();

    /** {@code committed} hears of every write whose mark was lowered (to drop disk entries, count). */
    WriteTracker(TableVersions versions, Consumer<WriteMark> committed) {
        this.versions = versions;
        this.committed = committed;
    }

    @Override
    public Object starting(Object connection, String database, StatementIdentity identity, RowKey key) {
        if (identity == null) {
            return new PendingWrite(connection, versions.begin(database, null), TransactionControl.NONE);
        }
        if (isSeveralStatements(identity.normalized())) {
            // The driver may run them all: whatever they write, and whether they commit, is unknown.
            return new PendingWrite(connection, versions.begin(database, null), TransactionControl.NONE);
        }
        TransactionControl control = TransactionControl.of(identity);
        if (control != TransactionControl.NONE) {
            return new PendingWrite(connection, null, control);
        }
        if (!isWrite(identity.operation())) {
            return null;
        }
        boolean ddl = identity.operation() == SqlOperation.DDL;
        if (ddl) {
            // Which columns are keys is unknown until the schema is read again after this ends.
            versions.schemaChanging(database, TEMPORARY.matcher(identity.normalized()).lookingAt());
        }
        WriteMark mark = versions.begin(database, identity.tables(), key);
        mark.schemaChange = ddl;
        return new PendingWrite(connection, mark, control);
    }

    private static final Pattern TEMPORARY =
        Pattern.compile("\\s*CREATE\\s+(TEMP|TEMPORARY)\\b", Pattern.CASE_INSENSITIVE);

    private static boolean isSeveralStatements(String normalized) {
        int semicolon = normalized.indexOf(';');
        return semicolon >= 0 && !normalized.substring(semicolon + 1).isBlank();
    }

    private static boolean isWrite(SqlOperation operation) {
        return operation.isWrite();
    }

    @Override
    public void executed(Object token) {
        PendingWrite write = (PendingWrite) token;
        if (write.connection == null) {
            finish(write.mark);
            return;
        }
        ConnectionWrites state = connections.get(write.connection, key -> new ConnectionWrites());
        List<WriteMark> ended = state.executed(write, autoCommit(write.connection));
        ended.forEach(this::finish);
    }

    @Override
    public void transactionEnded(Object connection) {
        ConnectionWrites state = connections.getIfPresent(connection);
        if (state != null) {
            state.endAll().forEach(this::finish);
        }
    }

    private void finish(WriteMark mark) {
        if (mark != null && versions.finish(mark) >= 0) {
            committed.accept(mark);
        }
    }

    private static boolean autoCommit(Object connection) {
        try {
            return !(connection instanceof Connection) || ((Connection) connection).getAutoCommit();
        } catch (SQLException | RuntimeException closed) {
            // A closed connection has committed or rolled back whatever it did.
            return true;
        }
    }

    private static final class PendingWrite {
        final Object connection;
        final WriteMark mark;
        final TransactionControl control;

        PendingWrite(Object connection, WriteMark mark, TransactionControl control) {
            this.connection = connection;
            this.mark = mark;
            this.control = control;
        }
    }

    /** The writes of one connection whose transaction is still open. */
    private final class ConnectionWrites {
        private final List<WriteMark> pending = new ArrayList<>();
        /** BEGIN/SAVEPOINT statements not yet ended, which auto-commit does not show. */
        private int explicitDepth;

        synchronized List<WriteMark> executed(PendingWrite write, boolean autoCommit) {
            switch (write.control) {
                case BEGIN:
                    explicitDepth++;
                    return List.of();
                case END:
                    explicitDepth = 0;
                    return drain();
                case RELEASE:
                    explicitDepth = Math.max(0, explicitDepth - 1);
                    return explicitDepth == 0 && autoCommit ? drain() : List.of();
                default:
                    if (write.mark == null) {
                        return List.of();
                    }
                    if (autoCommit && explicitDepth == 0) {
                        return List.of(write.mark);
                    }
                    pending.add(write.mark);
                    return List.of();
            }
        }

        synchronized List<WriteMark> endAll() {
            explicitDepth = 0;
            return drain();
        }

        void end() {
            endAll().forEach(WriteTracker.this::finish);
        }

        private List<WriteMark> drain() {
            if (pending.isEmpty()) {
                return List.of();
            }
            List<WriteMark> ended = new ArrayList<>(pending);
            pending.clear();
            return ended;
        }
    }
}
