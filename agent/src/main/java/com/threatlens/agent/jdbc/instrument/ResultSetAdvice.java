package com.threatlens.agent.jdbc.instrument;

import com.threatlens.agent.bootstrap.JdbcBridge;

import net.bytebuddy.asm.Advice;

/** Inlined into {@code java.sql.ResultSet} implementations; JDK types and the bridge only. */
final class ResultSetAdvice {

    private ResultSetAdvice() {
    }

    static final class Next {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static long enter() {
            return JdbcBridge.fetchStart();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object resultSet, @Advice.Enter long startNanos, @Advice.Return boolean hasRow) {
            JdbcBridge.rowFetched(resultSet, startNanos, hasRow);
        }
    }

    static final class Close {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object resultSet) {
            JdbcBridge.resultSetClosed(resultSet);
        }
    }
}
