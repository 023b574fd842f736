package com.threatlens.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The statement table stays within {@code stats.max-statements} (500 here) however many shapes run. */
class StatementTableBoundIT {

    private static final int DISTINCT_STATEMENTS = 100_000;
    private static final int FREQUENT_CALLS = 1_000;

    @TempDir
    Path directory;

    private final Sidecar sidecar = Sidecar.get();
    private SqliteFile database;

    @BeforeEach
    void createDatabaseAndForgetTheSetUp() throws SQLException {
        database = SqliteFile.create(directory, "bound.db");
        sidecar.reset();
    }

    @Test
    void aHundredThousandDistinctStatementsKeepTheTableBoundedAndTheFrequentStatementTracked() throws SQLException {
        try (Connection connection = database.connect()) {
            try (PreparedStatement frequent = connection.prepareStatement("SELECT ? AS frequent")) {
                for (int i = 0; i < FREQUENT_CALLS; i++) {
                    frequent.setInt(1, i);
                    try (ResultSet rows = frequent.executeQuery()) {
                        assertTrue(rows.next());
                        assertEquals(i, rows.getInt(1));
                    }
                }
            }
            try (Statement statement = connection.createStatement()) {
                for (int i = 0; i < DISTINCT_STATEMENTS; i++) {
                    // the alias differs, so normalization cannot merge these: each is a statement of its own
                    try (ResultSet rows = statement.executeQuery("SELECT " + i + " AS c" + i)) {
                        assertTrue(rows.next());
                        if (rows.getInt(1) != i) {
                            assertEquals(i, rows.getInt(1));
                        }
                    }
                }
            }
        }

        JsonNode summary = sidecar.summary();
        long tracked = summary.get("statements_tracked").asLong();
        long evicted = summary.get("statements_evicted").asLong();
        assertEquals(500, summary.get("statements_max").asLong(), summary::toString);
        assertTrue(tracked <= 500, summary::toString);
        assertTrue(evicted >= DISTINCT_STATEMENTS - 500, summary::toString);
        // every statement seen since the reset is either still tracked or was evicted: the frequent
        // one and the distinct ones (the counts are the whole JVM's: run after other test classes,
        // the suite has seen one statement more than these)
        long ours = 1 + DISTINCT_STATEMENTS;
        assertTrue(tracked + evicted >= ours && tracked + evicted <= ours + 1, summary::toString);

        JsonNode frequent = sidecar.statement(database.url(), "SELECT ? AS frequent");
        assertEquals(FREQUENT_CALLS, frequent.get("calls").asLong(), frequent::toString);
        assertEquals(FREQUENT_CALLS, frequent.get("rows").asLong(), frequent::toString);

        JsonNode queries = sidecar.json("/queries?limit=1&sort=calls&database=" + Sidecar.encode(database.url()));
        assertTrue(queries.get("total_statements").asLong() <= 500, queries::toString);
        assertEquals("SELECT ? AS frequent", queries.get("statements").get(0).get("query").asText(), queries::toString);
    }
}
