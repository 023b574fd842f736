package com.threatlens.agent.jdbc;

/**
 * Told about every statement that is not a plain SELECT, before it runs and after it returns, and
 * about the end of every transaction: the cache uses it to know which tables are being written
 * and when those writes are committed.
 */
public interface WriteListener {

    /**
     * A statement other than a SELECT is about to run on {@code connection}. {@code identity} is
     * null when its SQL is unknown; {@code key} is the row a point statement writes, or null (not
     * one, or run as a batch). Returns a token for {@link #executed}, or null when the statement
     * changes nothing the listener follows.
     */
    Object starting(Object connection, String database, StatementIdentity identity, RowKey key);

    /** The statement of {@code token} returned or threw. */
    void executed(Object token);

    /** {@code commit()}, {@code rollback()}, {@code close()} or {@code setAutoCommit(true)} returned. */
    void transactionEnded(Object connection);
}
