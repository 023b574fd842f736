package com.threatlens.agent.advisor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A database's schema as the advisor needs it: tables with their columns, existing indexes with
 * their key columns, the DDL to replay them elsewhere, and the {@code sqlite_stat1} rows the
 * database already has. Read once per analysis from a read-only connection.
 */
final class SchemaSnapshot {

    /** A table: its columns in order, and which one (if any) is the rowid. */
    record Table(String name, List<String> columns, String rowidColumn, boolean virtual) {

        Optional<String> column(String wanted) {
            return columns.stream().filter(column -> column.equalsIgnoreCase(wanted)).findFirst();
        }
    }

    /**
     * An existing index. {@code definition} is null for one with an expression among its keys,
     * which the advisor neither compares nor proposes to drop.
     */
    record ExistingIndex(String name, String table, IndexDefinition definition, boolean unique, boolean partial,
                         boolean automatic) {
    }

    private final Map<String, Table> tables;
    private final List<ExistingIndex> indexes;
    private final List<String> replay;
    private final Map<String, String> stat1;

    private SchemaSnapshot(Map<String, Table> tables, List<ExistingIndex> indexes, List<String> replay,
                           Map<String, String> stat1) {
        this.tables = tables;
        this.indexes = indexes;
        this.replay = replay;
        this.stat1 = stat1;
    }

    static SchemaSnapshot read(Connection connection) throws SQLException {
        Map<String, Table> tables = new LinkedHashMap<>();
        Map<String, String> tableDdl = new LinkedHashMap<>();
        List<String> laterDdl = new ArrayList<>();
        List<String> virtualTables = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                 "SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
                     + " AND type IN ('table', 'index', 'view') ORDER BY rowid")) {
            while (rows.next()) {
                String type = rows.getString(1);
                String name = rows.getString(2);
                String sql = rows.getString(3);
                if (type.equals("table")) {
                    boolean virtual = sql.regionMatches(true, 0, "CREATE VIRTUAL", 0, 14);
                    if (virtual) {
                        virtualTables.add(name.toLowerCase(Locale.ROOT) + "_");
                    }
                    tables.put(name.toLowerCase(Locale.ROOT), new Table(name, List.of(), null, virtual));
                    tableDdl.put(name.toLowerCase(Locale.ROOT), sql);
                } else {
                    laterDdl.add(sql);
                }
            }
        }
        // A virtual table makes its own shadow tables when replayed; creating them too would fail.
        tables.values().removeIf(table -> virtualTables.stream()
            .anyMatch(prefix -> table.name().toLowerCase(Locale.ROOT).startsWith(prefix)));
        List<String> replay = new ArrayList<>();
        tableDdl.forEach((name, sql) -> {
            if (tables.containsKey(name)) {
                replay.add(sql);
            }
        });
        replay.addAll(laterDdl);
        List<ExistingIndex> indexes = new ArrayList<>();
        for (Table table : List.copyOf(tables.values())) {
            Table full = columnsOf(connection, table);
            tables.put(table.name().toLowerCase(Locale.ROOT), full);
            if (!full.virtual()) {
                indexes.addAll(indexesOf(connection, full.name()));
            }
        }
        return new SchemaSnapshot(tables, indexes, replay, stat1(connection));
    }

    private static Table columnsOf(Connection connection, Table table) throws SQLException {
        List<String> columns = new ArrayList<>();
        List<String> keyColumns = new ArrayList<>();
        String keyType = null;
        try (PreparedStatement statement = connection.prepareStatement("SELECT name, type, pk FROM pragma_table_info(?)")) {
            statement.setString(1, table.name());
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    columns.add(rows.getString(1));
                    if (rows.getInt(3) > 0) {
                        keyColumns.add(rows.getString(1));
                        keyType = rows.getString(2);
                    }
                }
            }
        }
        // Only a lone INTEGER PRIMARY KEY is the rowid itself (an alias of the table's b-tree key).
        String rowid = keyColumns.size() == 1 && "INTEGER".equalsIgnoreCase(keyType) ? keyColumns.get(0) : null;
        return new Table(table.name(), List.copyOf(columns), rowid, table.virtual());
    }

    private static List<ExistingIndex> indexesOf(Connection connection, String table) throws SQLException {
        List<ExistingIndex> found = new ArrayList<>();
        try (PreparedStatement list = connection.prepareStatement(
            "SELECT name, \"unique\", origin, partial FROM pragma_index_list(?)")) {
            list.setString(1, table);
            try (ResultSet rows = list.executeQuery()) {
                while (rows.next()) {
                    String name = rows.getString(1);
                    IndexDefinition definition = keyColumns(connection, table, name);
                    found.add(new ExistingIndex(name, table, definition, rows.getInt(2) == 1, rows.getInt(4) == 1,
                        !"c".equals(rows.getString(3))));
                }
            }
        }
        return found;
    }

    private static IndexDefinition keyColumns(Connection connection, String table, String index) throws SQLException {
        List<IndexColumn> columns = new ArrayList<>();
        try (PreparedStatement info = connection.prepareStatement(
            "SELECT name, \"desc\", coll FROM pragma_index_xinfo(?) WHERE key = 1 ORDER BY seqno")) {
            info.setString(1, index);
            try (ResultSet rows = info.executeQuery()) {
                while (rows.next()) {
                    if (rows.getString(1) == null) {
                        return null;
                    }
                    columns.add(new IndexColumn(rows.getString(1), rows.getInt(2) == 1,
                        "NOCASE".equalsIgnoreCase(rows.getString(3))));
                }
            }
        }
        return columns.isEmpty() ? null : new IndexDefinition(table, columns);
    }

    private static Map<String, String> stat1(Connection connection) throws SQLException {
        Map<String, String> rows = new LinkedHashMap<>();
        try (Statement statement = connection.createStatement();
             ResultSet exists = statement.executeQuery("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")) {
            if (!exists.next()) {
                return rows;
            }
        }
        try (Statement statement = connection.createStatement();
             ResultSet stats = statement.executeQuery("SELECT tbl, idx, stat FROM sqlite_stat1")) {
            while (stats.next()) {
                rows.put(statKey(stats.getString(1), stats.getString(2)), stats.getString(3));
            }
        }
        return rows;
    }

    static String statKey(String table, String index) {
        return (table + "/" + (index == null ? "" : index)).toLowerCase(Locale.ROOT);
    }

    Optional<Table> table(String name) {
        return Optional.ofNullable(tables.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Whether the table and every column of {@code index} exist (and the table is not virtual). */
    boolean fits(IndexDefinition index) {
        return table(index.table())
            .filter(table -> !table.virtual())
            .filter(table -> index.columns().stream().allMatch(column -> table.column(column.name()).isPresent()))
            .isPresent();
    }

    List<Table> tables() {
        return List.copyOf(tables.values());
    }

    List<ExistingIndex> indexes() {
        return indexes;
    }

    List<ExistingIndex> indexesOn(String table) {
        return indexes.stream().filter(index -> index.table().equalsIgnoreCase(table)).toList();
    }

    /** The DDL of every table, index and view, in creation order. */
    List<String> replay() {
        return replay;
    }

    /** The database's own {@code sqlite_stat1} row for a table ({@code index} null) or an index; null if it has none. */
    String stat1(String table, String index) {
        return stat1.get(statKey(table, index));
    }
}
