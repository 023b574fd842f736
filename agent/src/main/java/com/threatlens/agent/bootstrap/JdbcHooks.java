package com.threatlens.agent.bootstrap;

/**
 * What the JDBC advice reports, implemented by the engine inside the agent class loader. Only
 * JDK types cross this line, because the advice that calls it is inlined into driver classes
 * of any class loader.
 */
public interface JdbcHooks {

    /** A connection handed out a statement; {@code sql} is null for a plain statement. */
    void statementCreated(Object connection, Object statement, String sql);

    void batchAdded(Object statement, String sql);

    /**
     * {@code PreparedStatement.set...(index, value)} returned: {@code value} is what was bound
     * (null for {@code setNull} or when the setter threw).
     */
    void parameterSet(Object statement, int index, Object value);

    /** The same for {@code setInt}, {@code setLong}, {@code setShort} and {@code setByte}. */
    void parameterSet(Object statement, int index, long value);

    /** {@code PreparedStatement.clearParameters()} returned. */
    void parametersCleared(Object statement);

    /**
     * An execute method was entered. Returns a token for {@link #executeEnd}, or null when the
     * call is nested inside another execute of the same thread or is not to be measured.
     */
    Object executeStart(Object statement, String sql, boolean batch);

    void executeEnd(Object token, Object result, Throwable error);

    /** {@code Statement.getResultSet()} handed out the result of an {@code execute()}. */
    void resultSetObtained(Object statement, Object resultSet);

    /** {@code Statement.getUpdateCount()} handed out the count of an {@code execute()}. */
    void updateCountObtained(Object statement, int count);

    /** The next row was asked for; {@code startNanos} was read before the driver's call. */
    void rowFetched(Object resultSet, long startNanos, boolean hasRow);

    void resultSetClosed(Object resultSet);

    /**
     * {@code commit()}, {@code rollback()}, {@code close()} or {@code setAutoCommit(true)}
     * returned on {@code connection}: whatever it wrote is now committed or undone.
     */
    void transactionEnded(Object connection);
}
