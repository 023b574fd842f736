package com.threatlens.agent.pool;

import java.util.Properties;

import com.threatlens.agent.bootstrap.PoolBridge;

import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * Inlined into sqlite-jdbc's connection factories; JDK types and the bridge only. When the
 * bridge answers a connection, the driver's own code is skipped and that connection returned;
 * when it answers an exception, that is thrown; when it answers null, the driver runs as usual.
 */
final class PoolAdvice {

    private PoolAdvice() {
    }

    static final class DriverConnect {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static Object enter(@Advice.This Object driver, @Advice.Argument(0) String url,
                            @Advice.Argument(1) Properties info) {
            return PoolBridge.driverConnect(driver, url, info);
        }
    }

    static final class DataSourceConnect {
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class, suppress = Throwable.class)
        static Object enter(@Advice.This Object dataSource, @Advice.AllArguments Object[] arguments) {
            return PoolBridge.dataSourceConnect(dataSource,
                arguments.length == 2 ? (String) arguments[0] : null,
                arguments.length == 2 ? (String) arguments[1] : null);
        }
    }

    /** After either enter advice: hands out what the bridge answered, when it answered. */
    static final class Answer {
        @Advice.OnMethodExit(onThrowable = Throwable.class, suppress = Throwable.class)
        static void exit(@Advice.Enter Object pooled,
                         @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object connection,
                         @Advice.Thrown(readOnly = false) Throwable thrown) {
            if (pooled instanceof Throwable) {
                thrown = (Throwable) pooled;
            } else if (pooled != null) {
                connection = pooled;
            }
        }
    }
}
