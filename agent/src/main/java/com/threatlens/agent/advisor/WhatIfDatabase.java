package com.threatlens.agent.advisor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.sqlite.jdbc4.JDBC4Connection;

import com.threatlens.agent.bootstrap.AgentLog;

/**
 * A private in-memory SQLite database with the application's schema and no rows, where candidate
 * indexes are created and the planner is asked again, as SQLite's {@code .expert} does: the
 * tables and existing indexes are replayed from their DDL, {@code sqlite_stat1} gets a row for
 * every index (the application's own rows, or rows computed from a sample), and
 * {@code ANALYZE sqlite_master} makes the planner load them. Nothing here touches the
 * application's database.
 */
final class WhatIfDatabase implements AutoCloseable {

    private final Connection connection;
    private final TableStatistics statistics;
    private final List<String> created = new ArrayList<>();

    private WhatIfDatabase(Connection connection, TableStatistics statistics) {
        this.connection = connection;
        this.statistics = statistics;
    }

    static WhatIfDatabase open(SchemaSnapshot schema, TableStatistics statistics) throws SQLException {
        // Opened directly: loading org.sqlite.JDBC would register the agent's copy of the driver in
        // the JVM-wide DriverManager, and an in-memory database needs no driver.
        Connection connection = new JDBC4Connection("jdbc:sqlite::memory:", ":memory:", new Properties());
        WhatIfDatabase database = new WhatIfDatabase(connection, statistics);
        try {
            database.replay(schema);
        } catch (SQLException | RuntimeException failed) {
            connection.close();
            throw failed;
        }
        return database;
    }

    private void replay(SchemaSnapshot schema) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String ddl : schema.replay()) {
                try {
                    statement.execute(ddl);
                } catch (SQLException unsupported) {
                    // A module this SQLite lacks, say: statements on that object then fail to plan and say so.
                    AgentLog.debug("advisor: schema statement not replayed: " + unsupported.getMessage());
                }
            }
            statement.execute("ANALYZE");
            statement.execute("DELETE FROM sqlite_stat1");
        }
        for (SchemaSnapshot.ExistingIndex index : schema.indexes()) {
            if (index.definition() != null) {
                writeStat(index.table(), index.name(), statistics.stat(index.definition(), index.name()));
            }
        }
        for (SchemaSnapshot.Table table : schema.tables()) {
            if (!table.virtual() && schema.indexesOn(table.name()).isEmpty()) {
                writeStat(table.name(), null, Long.toString(statistics.rows(table.name())));
            }
        }
        reload();
    }

    private void writeStat(String table, String index, String stat) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)")) {
            insert.setString(1, table);
            insert.setString(2, index);
            insert.setString(3, stat);
            insert.executeUpdate();
        }
    }

    private void reload() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE sqlite_master");
        }
    }

    /** Plans {@code sql} with {@code candidates} added to the schema; they are dropped again afterwards. */
    QueryPlan planWith(String sql, List<IndexDefinition> candidates) throws SQLException {
        try {
            for (IndexDefinition candidate : candidates) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(candidate.createSql());
                }
                created.add(candidate.name());
                writeStat(candidate.table(), candidate.name(), statistics.stat(candidate, null));
            }
            reload();
            return QueryPlan.explain(connection, sql);
        } finally {
            dropCandidates();
        }
    }

    /** Plans {@code sql} against the replayed schema alone. */
    QueryPlan plan(String sql) throws SQLException {
        return QueryPlan.explain(connection, sql);
    }

    private void dropCandidates() throws SQLException {
        try (Statement statement = connection.createStatement();
             PreparedStatement forget = connection.prepareStatement("DELETE FROM sqlite_stat1 WHERE idx = ?")) {
            for (String name : created) {
                statement.execute("DROP INDEX IF EXISTS " + SqlNames.quote(name));
                forget.setString(1, name);
                forget.executeUpdate();
            }
        }
        created.clear();
        reload();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
