package com.threatlens.agent.jdbc.instrument;

import com.threatlens.agent.bootstrap.JdbcBridge;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/** Inlined into {@code java.sql.Statement} implementations; JDK types and the bridge only. */
final class StatementAdvice {

    private StatementAdvice() {
    }

    static final class Execute {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object statement,
                            @Advice.Argument(value = 0, optional = true, typing = Assigner.Typing.DYNAMIC) Object sql) {
            return JdbcBridge.executeStart(statement, sql, false);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object token,
                         @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
                         @Advice.Thrown Throwable error) {
            JdbcBridge.executeEnd(token, result, error);
        }
    }

    static final class ExecuteBatch {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static Object enter(@Advice.This Object statement) {
            return JdbcBridge.executeStart(statement, null, true);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object token,
                         @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object result,
                         @Advice.Thrown Throwable error) {
            JdbcBridge.executeEnd(token, result, error);
        }
    }

    static final class AddBatch {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object statement, @Advice.Argument(0) String sql) {
            JdbcBridge.batchAdded(statement, sql);
        }
    }

    static final class ClearBatch {
        @Advice.OnMethodEnter(suppress = Throwable.class)
        static void enter(@Advice.This Object statement) {
            JdbcBridge.batchAdded(statement, null);
        }
    }

    static final class GetResultSet {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Return Object resultSet) {
            JdbcBridge.resultSetObtained(statement, resultSet);
        }
    }

    static final class GetUpdateCount {
        @Advice.OnMethodExit(suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Return int count) {
            JdbcBridge.updateCountObtained(statement, count);
        }
    }
}
