package com.threatlens.agent.jdbc.instrument;

import com.threatlens.agent.bootstrap.JdbcBridge;

import net.bytebuddy.asm.Advice;

/** Inlined into {@code java.sql.Connection} implementations; JDK types and the bridge only. */
final class ConnectionAdvice {

    private ConnectionAdvice() {
    }

    static final class Prepare {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object connection, @Advice.Argument(0) String sql,
                         @Advice.Return Object statement) {
            JdbcBridge.statementCreated(connection, statement, sql);
        }
    }

    static final class Create {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object connection, @Advice.Return Object statement) {
            JdbcBridge.statementCreated(connection, statement, null);
        }
    }

    /** {@code commit()}, {@code rollback()} and {@code close()}: the transaction is over. */
    static final class TransactionEnd {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object connection) {
            JdbcBridge.transactionEnded(connection);
        }
    }

    /** {@code setAutoCommit(true)} commits an open transaction; {@code false} ends nothing. */
    static final class AutoCommit {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object connection, @Advice.Argument(0) boolean autoCommit) {
            if (autoCommit) {
                JdbcBridge.transactionEnded(connection);
            }
        }
    }
}
