package com.threatlens.agent.pool;

import java.util.function.LongSupplier;

/**
 * What query statistics tell the pools about the statements this JVM executed: counts that move
 * with every statement that may have changed a connection's session state (PRAGMA, ATTACH,
 * BEGIN, CREATE TEMP, DDL, unknown SQL), and with every one that may have changed the schema
 * (DDL, unknown SQL). Without statistics there are no signals: every returned connection is
 * checked, and kept statements are left to SQLite's own re-prepare.
 */
public record StatementSignals(LongSupplier sessionStateChanges, LongSupplier schemaChanges) {
}
