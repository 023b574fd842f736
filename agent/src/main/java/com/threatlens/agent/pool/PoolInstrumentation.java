package com.threatlens.agent.pool;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import com.threatlens.agent.instrument.InstrumentationModule;

import net.bytebuddy.agent.builder.AgentBuilder;

/**
 * Where a host opens SQLite connections. {@code DriverManager.getConnection}, in every overload,
 * ends in {@code org.sqlite.JDBC.connect}; a {@code SQLiteDataSource} calls the driver's static
 * {@code createConnection} directly, so its {@code getConnection} methods that return
 * {@code java.sql.Connection} are intercepted too. The variant typed {@code SQLiteConnection}
 * is left alone: a pooled connection is not one, and the other variants call it. The pool
 * itself opens physical connections through {@code createConnection}, which no advice touches,
 * so it never recurses into itself.
 */
public final class PoolInstrumentation implements InstrumentationModule {

    private static AgentBuilder.Transformer.ForAdvice advice() {
        return new AgentBuilder.Transformer.ForAdvice().include(PoolInstrumentation.class.getClassLoader());
    }

    @Override
    public AgentBuilder extend(AgentBuilder builder) {
        return builder
            .type(named(SqliteDriver.DRIVER_CLASS))
            .transform(advice()
                .advice(named("connect").and(takesArguments(2)).and(not(isStatic()))
                        .and(returns(named("java.sql.Connection"))),
                    PoolAdvice.DriverConnect.class.getName(), PoolAdvice.Answer.class.getName()))
            .type(named(SqliteDriver.DATA_SOURCE_CLASS))
            .transform(advice()
                .advice(named("getConnection").and(not(isStatic())).and(returns(named("java.sql.Connection")))
                        .and(takesArguments(0).or(takesArguments(2))),
                    PoolAdvice.DataSourceConnect.class.getName(), PoolAdvice.Answer.class.getName()));
    }
}
