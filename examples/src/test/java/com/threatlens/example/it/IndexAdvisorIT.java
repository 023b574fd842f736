package com.threatlens.example.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.threatlens.example.generate.DataGenerator;
import com.threatlens.example.generate.GenerationPreset;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The index advisor on the example service's own database (primary keys only), with the real
 * agent attached and a workload of the service's endpoints: it recommends indexes for the wiki
 * listing by repository, the OWASP filter and the analytics time ranges, proves each with a
 * SEARCH, changes nothing until asked, then creates them, after which those statements search
 * instead of scanning and their measured speedup is reported.
 */
class IndexAdvisorIT {

    static final String PAGE_OF_REPOSITORY_WIKIS = "SELECT id, repo_id, title, owasp_category, severity, "
            + "security_tags, created_at, updated_at FROM security_wikis WHERE repo_id = ? "
            + "ORDER BY updated_at DESC, id LIMIT ? OFFSET ?";
    /** The wiki listing by repository, the OWASP filter and the analytics time ranges. */
    static final List<String> SEARCHED_AFTER = List.of(PAGE_OF_REPOSITORY_WIKIS,
            "SELECT COUNT(*) FROM security_wikis WHERE repo_id = ?",
            "SELECT COUNT(*) FROM security_wikis WHERE owasp_category = ?",
            "SELECT id, repo_id, title, owasp_category, severity, security_tags, updated_at, sections FROM security_wikis "
                    + "WHERE owasp_category = ? ORDER BY updated_at DESC, id LIMIT ? OFFSET ?",
            "SELECT owasp_category, COUNT(*) FROM security_wikis WHERE updated_at >= ? GROUP BY owasp_category",
            "SELECT repo_id, COUNT(*), SUM(findings_count) FROM analysis_sessions WHERE started_at >= ? GROUP BY repo_id");
    static final String SEARCH_BY_TAG = "SELECT COUNT(*) FROM security_wikis WHERE security_tags LIKE ? ESCAPE ?";

    @TempDir
    static Path directory;

    private static ExampleProcess example;
    private static Path file;
    private static String database;

    @BeforeAll
    static void startTheExampleOnASmallDatabase() {
        file = directory.resolve("small.db");
        new DataGenerator().generate(file, GenerationPreset.SMALL, LocalDate.now(ZoneOffset.UTC));
        database = "jdbc:sqlite:" + file.toAbsolutePath().normalize();
        example = ExampleProcess.startWithAgent(file, "http.port=0", "http.port-file=" + directory.resolve("sidecar.port"),
                "advisor.min-calls=5", "advisor.min-total-time=0ms");
        example.sidecarUrl();
    }

    @AfterAll
    static void stopTheExample() {
        if (example != null) {
            example.close();
        }
    }

    @Test
    void recommends_proves_applies_and_measures() throws Exception {
        runWorkload(12);
        Connection watcher = DriverManager.getConnection("jdbc:sqlite:" + file);
        long dataVersion = dataVersion(watcher);
        List<String> indexesBefore = indexNames();

        JsonNode recommendations = recommendations();

        JsonNode listing = recommendationServing(recommendations, PAGE_OF_REPOSITORY_WIKIS);
        assertEquals("security_wikis", listing.get("table").asText(), listing::toString);
        assertEquals(List.of("repo_id", "updated_at DESC"), List.of(listing.at("/columns/0").asText(),
                listing.at("/columns/1").asText()), listing::toString);
        for (String statement : SEARCHED_AFTER) {
            JsonNode recommendation = recommendationServing(recommendations, statement);
            JsonNode served = find(recommendation.get("statements"), "sql", statement);
            assertEquals("recommended", recommendation.get("state").asText(), recommendation::toString);
            assertTrue(served.get("plan_before").toString().contains("SCAN "), served::toString);
            assertTrue(served.at("/plan_after/0").asText().startsWith("SEARCH ")
                    && served.at("/plan_after/0").asText().contains(recommendation.get("index_name").asText()),
                    () -> recommendation.get("index_name") + " " + served);
        }
        JsonNode tagSearch = find(lastAdvice.at("/analyses/0/no_useful_index"), "sql", SEARCH_BY_TAG);
        assertTrue(tagSearch.get("reason").asText().contains("LIKE on security_tags"), tagSearch::toString);

        HttpJson.Reply dryRun = HttpJson.send("POST", example.sidecar("/optimize"), Map.of());
        assertEquals(200, dryRun.status(), dryRun::toString);
        assertTrue(dryRun.json().get("task_id").isNull(), dryRun::toString);
        assertEquals(listing.get("create_sql").asText(), find(dryRun.json().get("statements"), listing.get("create_sql").asText()));
        assertEquals(dataVersion, dataVersion(watcher), "neither analysis nor a dry run committed to the database");
        assertEquals(indexesBefore, indexNames());
        watcher.close();

        HttpJson.Reply apply = HttpJson.send("POST", example.sidecar("/database/optimize?apply=true&database="
                + URLEncoder.encode(database, StandardCharsets.UTF_8)), Map.of());
        assertEquals(202, apply.status(), apply::toString);
        awaitSuccess(apply.json().get("task_id").asText());
        assertTrue(indexNames().contains(listing.get("index_name").asText()), indexNames()::toString);

        runWorkload(25);
        JsonNode applied = recommendationServing(recommendations(), PAGE_OF_REPOSITORY_WIKIS);
        assertEquals("applied", applied.get("state").asText(), applied::toString);
        JsonNode measured = find(applied.get("statements"), "sql", PAGE_OF_REPOSITORY_WIKIS).get("measured");
        assertEquals("measured", measured.get("state").asText(), measured::toString);
        assertTrue(measured.get("calls_after").asLong() >= 20, measured::toString);
        assertTrue(measured.get("p95_speedup").asDouble() > 0, measured::toString);

        String listingId = find(applied.get("statements"), "sql", PAGE_OF_REPOSITORY_WIKIS).get("id").asText();
        HttpJson.Reply analysis = HttpJson.send("POST", example.sidecar("/query-analysis/" + listingId), Map.of());
        assertEquals(200, analysis.status(), analysis::toString);
        assertEquals("no_problem", analysis.json().get("status").asText(), analysis::toString);
        assertTrue(analysis.json().at("/plan_before/0").asText().startsWith("SEARCH"), analysis::toString);

        HttpJson.Reply indexes = HttpJson.get(example.sidecar("/database/indexes"));
        assertEquals(200, indexes.status(), indexes::toString);
        JsonNode created = find(indexes.json().at("/databases/0/indexes"), "name", listing.get("index_name").asText());
        assertTrue(created.get("used").asBoolean(), created::toString);

        HttpJson.Reply unknown = HttpJson.send("POST", example.sidecar("/query-analysis/0000000000000000"), Map.of());
        assertEquals(404, unknown.status(), unknown::toString);
        assertEquals("statement_not_found", unknown.json().get("error").asText());
    }

    private static JsonNode lastAdvice;

    private static JsonNode recommendations() {
        HttpJson.Reply reply = HttpJson.get(example.sidecar("/database/recommendations?database="
                + URLEncoder.encode(database, StandardCharsets.UTF_8)));
        assertEquals(200, reply.status(), reply::toString);
        lastAdvice = reply.json();
        return reply.json().get("recommendations");
    }

    private static JsonNode recommendationServing(JsonNode recommendations, String sql) {
        for (JsonNode recommendation : recommendations) {
            for (JsonNode served : recommendation.get("statements")) {
                if (served.get("sql").asText().equals(sql)) {
                    return recommendation;
                }
            }
        }
        throw new AssertionError("no recommendation serves " + sql + ": " + recommendations);
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode element : array) {
            if (element.get(field).asText().equals(value)) {
                return element;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }

    private static void runWorkload(int rounds) {
        for (int i = 0; i < rounds; i++) {
            ok(example.example("/api/repos/" + (1 + i % GenerationPreset.SMALL.repositories()) + "/wikis"));
            ok(example.example("/api/search?owasp=A03&page=1"));
            ok(example.example("/api/search?tag=xss"));
            ok(example.example("/api/analytics/owasp-distribution?days=30"));
            ok(example.example("/api/analytics/repo-activity?days=30"));
        }
    }

    private static void ok(java.net.URI uri) {
        HttpJson.Reply reply = HttpJson.get(uri);
        assertEquals(200, reply.status(), reply::toString);
    }

    private static void awaitSuccess(String taskId) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            HttpJson.Reply task = HttpJson.get(example.sidecar("/background-tasks/" + taskId));
            String state = task.json().get("state").asText();
            if (state.equals("succeeded")) {
                return;
            }
            if (!state.equals("queued") && !state.equals("running")) {
                fail("optimize task " + state + ": " + task);
            }
            Thread.sleep(100);
        }
        fail("optimize task " + taskId + " did not finish in 60 s");
    }

    /** SQLite's count of commits other connections made since {@code connection} opened. */
    private static long dataVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("PRAGMA data_version")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static String find(JsonNode texts, String wanted) {
        for (JsonNode text : texts) {
            if (text.asText().equals(wanted)) {
                return wanted;
            }
        }
        throw new AssertionError(wanted + " not in " + texts);
    }

    private static List<String> indexNames() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
