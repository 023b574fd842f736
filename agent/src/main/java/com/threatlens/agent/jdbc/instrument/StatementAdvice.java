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

    /** {@code setInt}, {@code setLong}, {@code setShort}, {@code setByte}: the value widened, not boxed. */
    static final class SetIntegral {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Argument(0) int index, @Advice.Argument(1) long value,
                         @Advice.Thrown Throwable thrown) {
            if (thrown == null) {
                JdbcBridge.parameterSet(statement, index, value);
            } else {
                JdbcBridge.parameterSet(statement, index, (Object) null);
            }
        }
    }

    /** Every other {@code set...(int index, value, ...)} of a prepared statement. */
    static final class SetParameter {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Argument(0) int index,
                         @Advice.Argument(value = 1, typing = Assigner.Typing.DYNAMIC) Object value,
                         @Advice.Thrown Throwable thrown) {
            JdbcBridge.parameterSet(statement, index, thrown == null ? value : null);
        }
    }

    /** {@code setNull(int, ...)}: a NULL key names no row. */
    static final class SetNull {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object statement, @Advice.Argument(0) int index) {
            JdbcBridge.parameterSet(statement, index, (Object) null);
        }
    }

    static final class ClearParameters {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.This Object statement) {
            JdbcBridge.parametersCleared(statement);
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
