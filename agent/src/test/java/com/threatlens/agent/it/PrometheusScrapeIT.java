package com.threatlens.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Prometheus text carries the JDBC meters, tagged by operation and main table. The meters are
 * cumulative (a statistics reset does not clear them), so this test uses a table no other test names.
 */
class PrometheusScrapeIT {

    @TempDir
    Path directory;

    private final Sidecar sidecar = Sidecar.get();

    @Test
    void statementMetersCountCallsAndRowsPerOperationAndTable() throws SQLException {
        SqliteFile database = SqliteFile.create(directory, "prometheus.db",
            "CREATE TABLE prometheus_probe (id INTEGER PRIMARY KEY, label TEXT)");
        try (Connection connection = database.connect()) {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO prometheus_probe (label) VALUES (?)")) {
                for (int i = 0; i < 4; i++) {
                    insert.setString(1, "label-" + i);
                    assertEquals(1, insert.executeUpdate());
                }
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT label FROM prometheus_probe WHERE id <= ?")) {
                for (int i = 1; i <= 7; i++) {
                    select.setInt(1, i);
                    try (ResultSet rows = select.executeQuery()) {
                        while (rows.next()) {
                            assertTrue(rows.getString(1).startsWith("label-"));
                        }
                    }
                }
            }
        }

        Sidecar.Reply scrape = sidecar.get("/metrics/prometheus");
        assertEquals(200, scrape.status(), scrape::toString);
        assertTrue(scrape.contentType().startsWith("text/plain"), scrape::toString);
        String text = scrape.body();
        assertEquals(7.0, sample(text, "threatlens_jdbc_statement_calls_total", "select"), text);
        assertEquals(4.0, sample(text, "threatlens_jdbc_statement_calls_total", "insert"), text);
        assertEquals(1.0, sample(text, "threatlens_jdbc_statement_calls_total", "ddl"), text);
        // ids 1..7 asked, 4 rows exist: 1 + 2 + 3 + 4 + 4 + 4 + 4
        assertEquals(22.0, sample(text, "threatlens_jdbc_statement_rows_total", "select"), text);
        assertEquals(4.0, sample(text, "threatlens_jdbc_statement_rows_total", "insert"), text);
        assertEquals(0.0, sample(text, "threatlens_jdbc_statement_errors_total", "select"), text);
        assertEquals(7.0, sample(text, "threatlens_jdbc_statement_time_seconds_count", "select"), text);
        assertTrue(sample(text, "threatlens_jdbc_statement_time_seconds_sum", "select") > 0, text);
        assertTrue(Pattern.compile("(?m)^threatlens_jdbc_statements_tracked(\\{[^}]*})? \\d").matcher(text).find(), text);
        assertTrue(Pattern.compile("(?m)^threatlens_jdbc_statements_evicted_total(\\{[^}]*})? \\d").matcher(text).find(), text);
        assertTrue(Pattern.compile("(?m)^threatlens_jdbc_slow_queries_total(\\{[^}]*})? \\d").matcher(text).find(), text);
    }

    /** The value of {@code meter{operation="...",table="prometheus_probe"}}. */
    private static double sample(String text, String meter, String operation) {
        Matcher line = Pattern.compile("(?m)^" + meter + "\\{operation=\"" + operation + "\",table=\"prometheus_probe\"} (\\S+)$")
            .matcher(text);
        assertTrue(line.find(), () -> "no " + meter + " of " + operation + " on prometheus_probe in:\n" + text);
        return Double.parseDouble(line.group(1));
    }
}
