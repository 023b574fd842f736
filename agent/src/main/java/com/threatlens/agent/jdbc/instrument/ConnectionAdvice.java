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
}
