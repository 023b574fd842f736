package com.threatlens.agent.advisor;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * {@code sqlite_stat1} rows for indexes that may not exist, as SQLite's {@code .expert} makes them:
 * without statistics the planner's choice between candidate indexes is arbitrary. A row is
 * {@code "<rows> <a> <b> ... 1"}: the table's rows, then for each prefix of the key the average
 * number of rows sharing one value of it. The database's own row is used where it has one;
 * otherwise the averages come from a bounded sample of the table (chunks of consecutive rowids
 * spread over the table), with the number of distinct values scaled to the whole table by the
 * GEE estimator (singletons scaled by the square root of the sampling ratio), and the row count
 * from the rowid range, so that no statement reads a large table whole.
 */
final class TableStatistics {

    static final int SAMPLE_CHUNKS = 20;
    static final int CHUNK_ROWS = 500;

    private final Connection connection;
    private final SchemaSnapshot schema;
    private final Map<String, Long> rowCounts = new HashMap<>();
    private final Map<String, Sample> samples = new HashMap<>();

    /** Rows of a table, values of the sampled columns in order. */
    private record Sample(List<String> columns, List<Object[]> rows) {
    }

    TableStatistics(Connection connection, SchemaSnapshot schema) {
        this.connection = connection;
        this.schema = schema;
    }

    /** Samples, in one pass per table, every column that {@code definitions} name. */
    void prepare(List<IndexDefinition> definitions) throws SQLException {
        Map<String, Set<String>> columnsByTable = new HashMap<>();
        for (IndexDefinition definition : definitions) {
            Set<String> columns = columnsByTable.computeIfAbsent(key(definition.table()), t -> new LinkedHashSet<>());
            definition.columns().forEach(column -> columns.add(column.name()));
        }
        for (Map.Entry<String, Set<String>> table : columnsByTable.entrySet()) {
            SchemaSnapshot.Table found = schema.table(table.getKey()).orElse(null);
            if (found != null && !samples.containsKey(table.getKey())) {
                samples.put(table.getKey(), sample(found, List.copyOf(table.getValue())));
            }
        }
    }

    /** The table's row count, from its statistics, its rowid range, or (without rowid) a count. */
    long rows(String table) throws SQLException {
        Long known = rowCounts.get(key(table));
        if (known != null) {
            return known;
        }
        long rows = fromStat1(table);
        if (rows < 0) {
            SchemaSnapshot.Table found = schema.table(table).orElseThrow();
            rows = rowidSpan(found);
        }
        rowCounts.put(key(table), rows);
        return rows;
    }

    private long fromStat1(String table) {
        String own = schema.stat1(table, null);
        if (own == null) {
            for (SchemaSnapshot.ExistingIndex index : schema.indexesOn(table)) {
                own = schema.stat1(table, index.name());
                if (own != null) {
                    break;
                }
            }
        }
        if (own == null) {
            return -1;
        }
        try {
            return Long.parseLong(own.trim().split("\\s+")[0]);
        } catch (NumberFormatException unreadable) {
            return -1;
        }
    }

    private long rowidSpan(SchemaSnapshot.Table table) throws SQLException {
        long[] span = rowidRange(table);
        if (span != null) {
            return span[1] - span[0] + 1;
        }
        try (Statement statement = connection.createStatement();
             ResultSet count = statement.executeQuery("SELECT count(*) FROM " + SqlNames.quote(table.name()))) {
            return count.next() ? count.getLong(1) : 0;
        }
    }

    /** The {@code sqlite_stat1} row for {@code definition}; {@code existingName} looks up the database's own row first. */
    String stat(IndexDefinition definition, String existingName) throws SQLException {
        if (existingName != null) {
            String own = schema.stat1(definition.table(), existingName);
            if (own != null) {
                return own;
            }
        }
        long rows = Math.max(1, rows(definition.table()));
        StringJoiner stat = new StringJoiner(" ").add(Long.toString(rows));
        Sample sample = samples.get(key(definition.table()));
        for (int prefix = 1; prefix <= definition.columns().size(); prefix++) {
            stat.add(Long.toString(averageRowsPerValue(definition, prefix, sample, rows)));
        }
        return stat.add("1").toString();
    }

    private static long averageRowsPerValue(IndexDefinition definition, int prefix, Sample sample, long rows) {
        if (sample == null || sample.rows().isEmpty()) {
            return Math.max(1, rows / 10);
        }
        int[] positions = new int[prefix];
        for (int i = 0; i < prefix; i++) {
            positions[i] = sample.columns().indexOf(definition.columns().get(i).name());
        }
        Map<List<Object>, Integer> counts = new HashMap<>();
        for (Object[] row : sample.rows()) {
            List<Object> value = new ArrayList<>(prefix);
            for (int i = 0; i < prefix; i++) {
                Object cell = positions[i] < 0 ? null : row[positions[i]];
                value.add(definition.columns().get(i).nocase() && cell instanceof String text
                    ? text.toLowerCase(Locale.ROOT) : cell);
            }
            counts.merge(value, 1, Integer::sum);
        }
        long sampled = sample.rows().size();
        long singletons = counts.values().stream().filter(count -> count == 1).count();
        double distinct = sampled >= rows ? counts.size()
            : Math.sqrt((double) rows / sampled) * singletons + (counts.size() - singletons);
        return Math.max(1, Math.round(rows / Math.max(1, distinct)));
    }

    private Sample sample(SchemaSnapshot.Table table, List<String> columns) throws SQLException {
        String select = "SELECT " + String.join(", ", columns.stream().map(SqlNames::quote).toList())
            + " FROM " + SqlNames.quote(table.name());
        List<Object[]> rows = new ArrayList<>();
        long[] span = rowidRange(table);
        if (span == null) {
            read(select + " LIMIT ?", List.of((long) SAMPLE_CHUNKS * CHUNK_ROWS), columns.size(), rows);
        } else if (span[1] - span[0] + 1 <= (long) SAMPLE_CHUNKS * CHUNK_ROWS) {
            read(select + " WHERE rowid >= ? ORDER BY rowid LIMIT ?", List.of(span[0], (long) SAMPLE_CHUNKS * CHUNK_ROWS),
                columns.size(), rows);
        } else {
            long step = (span[1] - span[0] + 1) / SAMPLE_CHUNKS;
            for (int chunk = 0; chunk < SAMPLE_CHUNKS; chunk++) {
                read(select + " WHERE rowid >= ? ORDER BY rowid LIMIT ?", List.of(span[0] + chunk * step, (long) CHUNK_ROWS),
                    columns.size(), rows);
            }
        }
        return new Sample(columns, rows);
    }

    private long[] rowidRange(SchemaSnapshot.Table table) {
        try (Statement statement = connection.createStatement();
             ResultSet span = statement.executeQuery("SELECT min(rowid), max(rowid) FROM " + SqlNames.quote(table.name()))) {
            return span.next() && span.getObject(1) != null ? new long[] {span.getLong(1), span.getLong(2)} : null;
        } catch (SQLException withoutRowid) {
            return null;
        }
    }

    private void read(String sql, List<Long> parameters, int width, List<Object[]> into) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setLong(i + 1, parameters.get(i));
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new SQLException("interrupted while sampling");
                    }
                    Object[] row = new Object[width];
                    for (int i = 0; i < width; i++) {
                        row[i] = rows.getObject(i + 1);
                    }
                    into.add(row);
                }
            }
        }
    }

    private static String key(String table) {
        return table.toLowerCase(Locale.ROOT);
    }
}
