package com.threatlens.agent.jdbc;

/** The kind of a SQL statement, as classified by {@link StatementIdentity}. */
public enum SqlOperation {
    SELECT(false),
    INSERT(true),
    UPDATE(true),
    DELETE(true),
    /** CREATE, DROP, ALTER, TRUNCATE, RENAME. */
    DDL(true),
    /** Everything else: PRAGMA, EXPLAIN, BEGIN, COMMIT, SET, CALL, unparseable text, ... */
    OTHER(false);

    private final boolean write;

    SqlOperation(boolean write) {
        this.write = write;
    }

    /** {@code true} for INSERT, UPDATE, DELETE and DDL. */
    public boolean isWrite() {
        return write;
    }
}
