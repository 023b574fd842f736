package com.threatlens.agent.jdbc;

/**
 * Told about every statement a thread runs while it is collecting (see
 * {@link JdbcRecorder#collectReads}): the cache uses it to learn which tables a cached method read.
 */
public interface TableReads {

    /**
     * A statement is about to run on {@code database}; {@code identity} is null when its SQL is
     * unknown (a statement prepared before the agent attached), which means "could be anything".
     * {@code key} is the row a point statement reads, or null (not one, or run as a batch).
     */
    void read(String database, StatementIdentity identity, RowKey key);
}
