package com.threatlens.agent.jdbc;

/** A statement's identity within one database: the unit of statistics. */
record StatementKey(String database, String id) {
}
