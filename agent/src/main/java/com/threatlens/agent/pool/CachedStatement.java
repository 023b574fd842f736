package com.threatlens.agent.pool;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * The statement an application holds while it uses one from its connection's
 * {@link StatementCache}: every call goes to the driver's statement, except {@code close()},
 * which gives the statement back to the cache, and {@code getConnection()}, which answers the
 * application's pooled connection.
 *
 * <p>Only what a reset restores is allowed to vary between borrowers: parameters, executions
 * and reads. A call that changes the statement itself (limits, timeouts, fetch size, batches,
 * close-on-completion, generated keys) makes it a one-off, closed for real when the application
 * closes it; so does {@code execute()} that left a result set the application never asked for.
 */
final class CachedStatement implements InvocationHandler {

    private static final Constructor<?> PROXY = proxyConstructor();

    private final PreparedStatement statement;
    private final String sql;
    private final StatementCache cache;
    private final PooledConnection owner;
    private ResultSet lastResult;
    private boolean reusable = true;
    private boolean resultUnread;
    private boolean closed;

    private CachedStatement(PreparedStatement statement, String sql, StatementCache cache, PooledConnection owner) {
        this.statement = statement;
        this.sql = sql;
        this.cache = cache;
        this.owner = owner;
    }

    /** A statement of {@code sql} for the borrower of {@code owner}, reused when the cache has one. */
    static CachedStatement open(StatementCache cache, String sql, PooledConnection owner) throws SQLException {
        return new CachedStatement(cache.take(sql), sql, cache, owner);
    }

    PreparedStatement asStatement() {
        try {
            return (PreparedStatement) PROXY.newInstance(this);
        } catch (ReflectiveOperationException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] arguments) throws Throwable {
        switch (method.getName()) {
            case "close":
                close();
                return null;
            case "isClosed":
                return closed || statement.isClosed();
            case "getConnection":
                checkOpen();
                return owner;
            case "unwrap":
                return ((Class<?>) arguments[0]).isInstance(proxy) ? proxy : statement.unwrap((Class<?>) arguments[0]);
            case "isWrapperFor":
                return ((Class<?>) arguments[0]).isInstance(proxy) || statement.isWrapperFor((Class<?>) arguments[0]);
            case "equals":
                return proxy == arguments[0];
            case "hashCode":
                return System.identityHashCode(proxy);
            case "toString":
                return "reusable " + statement;
            default:
                checkOpen();
                return forward(method, arguments);
        }
    }

    private Object forward(Method method, Object[] arguments) throws Throwable {
        if (!restorable(method)) {
            reusable = false;
        }
        Object result;
        try {
            result = method.invoke(statement, arguments);
        } catch (InvocationTargetException thrown) {
            throw thrown.getCause();
        }
        String name = method.getName();
        if (result instanceof ResultSet resultSet && (name.equals("executeQuery") || name.equals("getResultSet"))) {
            lastResult = resultSet;
            resultUnread = false;
        } else if (name.equals("execute") && Boolean.TRUE.equals(result)) {
            resultUnread = true;
        }
        return result;
    }

    /** Whether a reset (close the result set, clear the parameters) undoes what {@code method} does. */
    private static boolean restorable(Method method) {
        String name = method.getName();
        if (method.getDeclaringClass() == PreparedStatement.class) {
            return !name.equals("addBatch");
        }
        // The driver's generated keys come from a statement of their own, left open.
        return (name.startsWith("get") && !name.equals("getGeneratedKeys")) || name.startsWith("is")
            || name.equals("clearWarnings");
    }

    /** Gives the statement back; also called for every statement still open when its connection closes. */
    void close() throws SQLException {
        if (closed) {
            return;
        }
        closed = true;
        owner.statementClosed(this);
        cache.giveBack(sql, statement, lastResult, reusable && !resultUnread);
    }

    private void checkOpen() throws SQLException {
        if (closed) {
            throw new SQLException("statement is closed");
        }
    }

    private static Constructor<?> proxyConstructor() {
        try {
            Class<?> type = Proxy.newProxyInstance(CachedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, arguments) -> null).getClass();
            return type.getConstructor(InvocationHandler.class);
        } catch (NoSuchMethodException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
