package com.threatlens.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Executions over {@code slow-query.threshold} (50ms here): counted, logged, sampled, with their caller. */
class SlowQueryIT {

    static final String COUNT_TO_A_MILLION =
        "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000) SELECT count(*) FROM c";
    static final String COUNT_TO_A_MILLION_NORMALIZED =
        "WITH RECURSIVE c(x) AS (SELECT ? UNION ALL SELECT x + ? FROM c WHERE x < ?) SELECT count(*) FROM c";

    @TempDir
    Path directory;

    private final Sidecar sidecar = Sidecar.get();
    private SqliteFile database;

    @BeforeEach
    void createDatabaseAndForgetTheSetUp() throws SQLException {
        database = SqliteFile.create(directory, "slow.db", "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
        sidecar.reset();
    }

    @Test
    void aSlowQueryIsCountedSampledAndLoggedInOneLine() throws SQLException {
        String log = capturingStandardError(() -> {
            try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
                assertEquals(1_000_000L, single(statement.executeQuery(COUNT_TO_A_MILLION)));
                for (int i = 0; i < 5; i++) {
                    assertEquals(0L, single(statement.executeQuery("SELECT count(*) FROM notes")));
                }
            }
        });

        JsonNode analysis = sidecar.json("/query-analysis?threshold_ms=1");
        assertEquals(1, analysis.get("threshold_ms").asInt());
        JsonNode slow = slowStatement(analysis, COUNT_TO_A_MILLION_NORMALIZED);
        assertEquals(1, slow.get("calls").asLong(), slow::toString);
        assertEquals(1, slow.get("slow_count").asLong(), slow::toString);
        assertTrue(slow.get("mean_ms").asDouble() >= 50, slow::toString);
        assertEquals(slow.get("mean_ms").asDouble(), slow.get("max_ms").asDouble(), 1e-6, slow::toString);
        assertEquals(1, slow.get("callers").size(), slow::toString);

        JsonNode sample = slow.get("recent_samples").get(0);
        assertEquals(1, slow.get("recent_samples").size(), slow::toString);
        assertEquals(slow.get("id").asText(), sample.get("id").asText());
        assertEquals(database.url(), sample.get("database").asText());
        assertEquals(1, sample.get("rows").asLong());
        assertTrue(sample.get("duration_ms").asDouble() >= 50, sample::toString);
        assertEquals(sample.get("duration_ms").asDouble(),
            sample.get("execute_ms").asDouble() + sample.get("fetch_ms").asDouble(), 1e-3, sample::toString);
        assertEquals(slow.get("callers").get(0).asText(), sample.get("caller").asText());
        assertTrue(sample.get("sql").isNull(), "sql is only kept with sql.capture-literals: " + sample);

        JsonNode fast = sidecar.statement(database.url(), "SELECT count(*) FROM notes");
        assertEquals(5, fast.get("calls").asLong());

        JsonNode summary = sidecar.json("/metrics").get("database");
        assertTrue(summary.get("slow_queries").asLong() >= 1, summary::toString);
        assertEquals(50.0, summary.get("slow_query_threshold_ms").asDouble(), 1e-9, summary::toString);

        Matcher line = Pattern.compile("\\[threatlens-agent] WARN slow query id=" + slow.get("id").asText()
            + " ms=(\\d+\\.\\d) rows=1 db=(\\S+) caller=(\\S+) query=\"(.*)\"$", Pattern.MULTILINE).matcher(log);
        assertTrue(line.find(), log);
        assertTrue(Double.parseDouble(line.group(1)) >= 50, line.group());
        assertEquals(database.url(), line.group(2));
        assertEquals(sample.get("caller").asText(), line.group(3));
        assertEquals(COUNT_TO_A_MILLION_NORMALIZED, line.group(4));
        assertFalse(line.find(), () -> "one line per slow execution: " + log);
    }

    @Test
    void queryAnalysisListsOnlyStatementsWhoseMeanReachesTheAskedThreshold() throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            assertEquals(1_000_000L, single(statement.executeQuery(COUNT_TO_A_MILLION)));
            for (int i = 0; i < 20; i++) {
                assertEquals(0L, single(statement.executeQuery("SELECT count(*) FROM notes")));
            }
        }

        JsonNode generous = sidecar.json("/query-analysis?threshold_ms=40");
        List<String> queries = generous.get("statements").findValuesAsText("query");
        assertTrue(queries.contains(COUNT_TO_A_MILLION_NORMALIZED), generous::toString);
        assertFalse(queries.contains("SELECT count(*) FROM notes"), generous::toString);
        assertEquals(generous.get("statements").size(), generous.get("slow_statements").asInt());

        JsonNode strict = sidecar.json("/query-analysis?threshold_ms=3600000");
        assertEquals(0, strict.get("slow_statements").asInt(), strict::toString);
    }

    @Test
    void theSlowQueryCallerIsTheApplicationFrameThatRanIt() throws SQLException {
        try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
            assertEquals(1_000_000L, single(statement.executeQuery(COUNT_TO_A_MILLION)));
        }

        JsonNode slow = slowStatement(sidecar.json("/query-analysis?threshold_ms=1"), COUNT_TO_A_MILLION_NORMALIZED);
        String caller = slow.get("callers").get(0).asText();
        assertTrue(caller.startsWith("com.threatlens.agent.it.SlowQueryIT.theSlowQueryCallerIsTheApplicationFrameThatRanIt(SlowQueryIT.java:"),
            slow::toString);
    }

    private JsonNode slowStatement(JsonNode analysis, String query) {
        JsonNode found = null;
        for (JsonNode statement : analysis.get("statements")) {
            if (statement.get("query").asText().equals(query) && statement.get("database").asText().equals(database.url())) {
                assertNull(found, analysis::toString);
                found = statement;
            }
        }
        assertNotNull(found, () -> "no " + query + " in " + analysis);
        return found;
    }

    static long single(ResultSet rows) throws SQLException {
        try (rows) {
            assertTrue(rows.next());
            long value = rows.getLong(1);
            assertFalse(rows.next());
            return value;
        }
    }

    interface JdbcWork {
        void run() throws SQLException;
    }

    /** Runs {@code work} with standard error captured (and still shown), and returns what was written. */
    static String capturingStandardError(JdbcWork work) throws SQLException {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            work.run();
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        original.print(text);
        return text;
    }
}
