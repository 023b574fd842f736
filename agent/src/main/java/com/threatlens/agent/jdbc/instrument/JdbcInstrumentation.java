package com.threatlens.agent.jdbc.instrument;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isInterface;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.isSubTypeOf;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import com.threatlens.agent.instrument.InstrumentationModule;

import net.bytebuddy.agent.builder.AgentBuilder;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Times every JDBC statement of any driver: the execute methods of every concrete or abstract
 * class implementing {@link Statement} (prepared and callable included), the parameter setters
 * of prepared statements (for the key a point statement is bound to; one identity check for any
 * other statement), the statement factories of {@link Connection} (to learn each prepared
 * statement's SQL and database), and
 * {@link ResultSet#next()} and {@code close()} (to time the fetch, where SQLite does most of a
 * scan's work).
 */
public final class JdbcInstrumentation implements InstrumentationModule {

    /*
     * Drivers often declare the JDBC methods in abstract base classes that do not themselves
     * implement the JDBC interface (sqlite-jdbc's JDBC3Statement and JDBC3ResultSet do; only
     * their JDBC4 subclasses implement it). Advice can only change methods a class declares, so
     * a class is also matched when it declares a method with the JDBC interface's distinctive
     * signature. The advice ignores objects the agent never saw created, so a false match costs
     * a lookup and changes nothing.
     */
    private static ElementMatcher.Junction<TypeDescription> connectionLike() {
        return not(isInterface()).and(isSubTypeOf(Connection.class)
            .or(declaresMethod(named("prepareStatement").and(takesArguments(String.class))
                .and(returns(named("java.sql.PreparedStatement"))))));
    }

    private static ElementMatcher.Junction<TypeDescription> statementLike() {
        return not(isInterface()).and(isSubTypeOf(Statement.class)
            .or(declaresMethod(named("executeQuery").and(returns(named("java.sql.ResultSet")))))
            .or(declaresMethod(named("executeBatch").and(takesArguments(0)).and(returns(int[].class)))));
    }

    private static ElementMatcher.Junction<TypeDescription> resultSetLike() {
        return not(isInterface()).and(isSubTypeOf(ResultSet.class)
            .or(declaresMethod(named("findColumn").and(takesArguments(String.class)).and(returns(int.class)))));
    }

    /** The setters whose value is an integral primitive, passed to the advice widened to {@code long}. */
    private static ElementMatcher.Junction<MethodDescription> integralSetter() {
        return namedOneOf("setInt", "setLong", "setShort", "setByte").and(takesArguments(2))
            .and(takesArgument(0, int.class))
            .and(takesArgument(1, int.class).or(takesArgument(1, long.class)).or(takesArgument(1, short.class))
                .or(takesArgument(1, byte.class)));
    }

    /** Advice classes live in the agent's class loader, which the instrumented class cannot see. */
    private static AgentBuilder.Transformer.ForAdvice advice() {
        return new AgentBuilder.Transformer.ForAdvice().include(JdbcInstrumentation.class.getClassLoader());
    }

    @Override
    public AgentBuilder extend(AgentBuilder builder) {
        return builder
            .type(connectionLike())
            .transform(advice()
                .advice(namedOneOf("prepareStatement", "prepareCall").and(takesArgument(0, String.class))
                        .and(isPublic()).and(not(isAbstract())),
                    ConnectionAdvice.Prepare.class.getName())
                .advice(named("createStatement").and(isPublic()).and(not(isAbstract())),
                    ConnectionAdvice.Create.class.getName())
                .advice(namedOneOf("commit", "rollback", "close").and(takesArguments(0)).and(isPublic())
                        .and(not(isAbstract())),
                    ConnectionAdvice.TransactionEnd.class.getName())
                .advice(named("setAutoCommit").and(takesArguments(boolean.class)).and(isPublic())
                        .and(not(isAbstract())),
                    ConnectionAdvice.AutoCommit.class.getName()))
            .type(statementLike())
            .transform(advice()
                .advice(namedOneOf("execute", "executeQuery", "executeUpdate", "executeLargeUpdate")
                        .and(isPublic()).and(not(isAbstract())),
                    StatementAdvice.Execute.class.getName())
                .advice(namedOneOf("executeBatch", "executeLargeBatch").and(takesArguments(0))
                        .and(isPublic()).and(not(isAbstract())),
                    StatementAdvice.ExecuteBatch.class.getName())
                .advice(named("addBatch").and(takesArguments(1)).and(takesArgument(0, String.class))
                        .and(isPublic()).and(not(isAbstract())),
                    StatementAdvice.AddBatch.class.getName())
                .advice(named("getResultSet").and(takesArguments(0)).and(isPublic()).and(not(isAbstract())),
                    StatementAdvice.GetResultSet.class.getName())
                .advice(named("getUpdateCount").and(takesArguments(0)).and(returns(int.class)).and(isPublic())
                        .and(not(isAbstract())),
                    StatementAdvice.GetUpdateCount.class.getName())
                .advice(named("clearBatch").and(takesArguments(0)).and(isPublic()).and(not(isAbstract())),
                    StatementAdvice.ClearBatch.class.getName())
                .advice(integralSetter().and(isPublic()).and(not(isAbstract())),
                    StatementAdvice.SetIntegral.class.getName())
                .advice(nameStartsWith("set").and(takesArgument(0, int.class)).and(not(takesArguments(1)))
                        .and(not(integralSetter())).and(not(named("setNull"))).and(isPublic()).and(not(isAbstract())),
                    StatementAdvice.SetParameter.class.getName())
                .advice(named("setNull").and(takesArgument(0, int.class)).and(isPublic()).and(not(isAbstract())),
                    StatementAdvice.SetNull.class.getName())
                .advice(named("clearParameters").and(takesArguments(0)).and(isPublic()).and(not(isAbstract())),
                    StatementAdvice.ClearParameters.class.getName()))
            .type(resultSetLike())
            .transform(advice()
                .advice(named("next").and(takesArguments(0)).and(returns(boolean.class))
                        .and(isPublic()).and(not(isAbstract())),
                    ResultSetAdvice.Next.class.getName())
                .advice(named("close").and(takesArguments(0)).and(isPublic()).and(not(isAbstract())),
                    ResultSetAdvice.Close.class.getName()));
    }

}
