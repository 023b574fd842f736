package com.threatlens.example.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's statement statistics for the example service: every statement its endpoints run,
 * counted exactly, and slow executions traced back to the service method that ran them.
 *
 * <p>The expected counts come from the service code: each request opens its own connection, on
 * which sqlite-jdbc itself runs {@value #DRIVER_CONNECTION_SETUP}, then the statements below.
 * Pooling is off here, so that every one of those connections is really opened; with pooling
 * on, the pool's physical connections run no statement of the application's.
 */
class QueryStatisticsIT {

    static final String DRIVER_CONNECTION_SETUP = "PRAGMA busy_timeout = ?";

    /** {@code WikiService.findWiki}: GET /api/wikis/{id}, and PUT /api/wikis/{id} once it has updated. */
    static final String FIND_WIKI = "SELECT id, repo_id, title, sections, owasp_category, severity, security_tags, "
            + "created_at, updated_at FROM security_wikis WHERE id = ?";
    /** {@code SecuritySearchService.search} with only {@code q}: a count, then a page. */
    static final String COUNT_MATCHES = "SELECT COUNT(*) FROM security_wikis "
            + "WHERE (title LIKE ? ESCAPE ? OR sections LIKE ? ESCAPE ?)";
    static final String PAGE_OF_MATCHES = "SELECT id, repo_id, title, owasp_category, severity, security_tags, "
            + "updated_at, sections FROM security_wikis WHERE (title LIKE ? ESCAPE ? OR sections LIKE ? ESCAPE ?) "
            + "ORDER BY updated_at DESC, id LIMIT ? OFFSET ?";
    /** The same search restricted to an OWASP category: statements of their own. */
    static final String COUNT_MATCHES_IN_CATEGORY = "SELECT COUNT(*) FROM security_wikis "
            + "WHERE (title LIKE ? ESCAPE ? OR sections LIKE ? ESCAPE ?) AND owasp_category = ?";
    static final String PAGE_OF_MATCHES_IN_CATEGORY = "SELECT id, repo_id, title, owasp_category, severity, "
            + "security_tags, updated_at, sections FROM security_wikis "
            + "WHERE (title LIKE ? ESCAPE ? OR sections LIKE ? ESCAPE ?) AND owasp_category = ? "
            + "ORDER BY updated_at DESC, id LIMIT ? OFFSET ?";
    /** {@code WikiService.updateWiki}: the update, the index rewrite, then {@link #FIND_WIKI}. */
    static final String UPDATE_WIKI = "UPDATE security_wikis SET title = ?, sections = ?, owasp_category = ?, "
            + "security_tags = ?, severity = COALESCE(?, severity), updated_at = ? WHERE id = ?";
    static final String UPSERT_INDEX = "INSERT OR REPLACE INTO security_index(wiki_id, full_text_index, "
            + "threat_keywords, mitigation_keywords, owasp_keywords, security_tags, patterns, indexed_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    /** {@code WikiService.listWikis}: the repository check, a count, then a page. */
    static final String REPOSITORY_EXISTS = "SELECT ? FROM repositories WHERE id = ?";
    static final String COUNT_REPOSITORY_WIKIS = "SELECT COUNT(*) FROM security_wikis WHERE repo_id = ?";
    static final String PAGE_OF_REPOSITORY_WIKIS = "SELECT id, repo_id, title, owasp_category, severity, "
            + "security_tags, created_at, updated_at FROM security_wikis WHERE repo_id = ? "
            + "ORDER BY updated_at DESC, id LIMIT ? OFFSET ?";

    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @TempDir
    static Path directory;

    private static ExampleProcess example;
    private static String database;

    @BeforeAll
    static void startTheExampleWithTheAgentTakingAMillisecondAsSlow() {
        Path file = TinyDatabase.generate(directory);
        database = "jdbc:sqlite:" + file.toAbsolutePath().normalize();
        example = ExampleProcess.startWithAgent(file, "http.port=0", "http.port-file=" + directory.resolve("sidecar.port"),
                "slow-query.threshold=1ms", "slow-query.log-limit=10000", "pool.enabled=false");
    }

    @AfterAll
    static void stopTheExample() {
        if (example != null) {
            example.close();
        }
    }

    @BeforeEach
    void forgetEverythingRunSoFar() {
        HttpJson.Reply reset = HttpJson.send("POST", example.sidecar("/database/stats/reset"), Map.of());
        assertEquals(200, reset.status(), reset::toString);
        assertEquals(0, statements().size(), () -> "statements right after the reset: " + statements());
    }

    @Test
    void everyStatementOfTheEndpointsIsCountedExactly() {
        int wikiReads = 7;
        for (int id = 1; id <= wikiReads; id++) {
            JsonNode wiki = ok(get("/api/wikis/" + id));
            assertEquals(id, wiki.get("id").asLong());
        }
        assertEquals(404, get("/api/wikis/999999").status());

        long rowsOfSearchPages = 0;
        for (String text : List.of("injection", "token", "no-wiki-mentions-this")) {
            JsonNode result = ok(get("/api/search?q=" + URLEncoder.encode(text, StandardCharsets.UTF_8)));
            rowsOfSearchPages += result.get("items").size();
        }
        assertTrue(rowsOfSearchPages > 0, "the tiny database has matches for the searches");
        JsonNode inCategory = ok(get("/api/search?q=injection&owasp=A03&page_size=5"));

        JsonNode original = ok(get("/api/wikis/1"));
        JsonNode updated = ok(put("/api/wikis/1", "{\"title\":\"Updated by the statistics test\","
                + "\"sections\":" + original.get("sections") + ",\"owasp_category\":" + original.get("owasp_category")
                + ",\"security_tags\":" + original.get("security_tags") + "}"));
        assertEquals("Updated by the statistics test", updated.get("title").asText());

        JsonNode page = ok(get("/api/repos/1/wikis?page_size=10"));
        assertEquals(10, page.get("items").size(), page::toString);

        int wikiRequests = wikiReads + 1 + 1;
        int searches = 3 + 1;
        int connections = wikiRequests + searches + 1 + 1;
        assertCounted(FIND_WIKI, wikiRequests + 1, wikiReads + 1 + 1);
        assertCounted(COUNT_MATCHES, 3, 3);
        assertCounted(PAGE_OF_MATCHES, 3, rowsOfSearchPages);
        assertCounted(COUNT_MATCHES_IN_CATEGORY, 1, 1);
        assertCounted(PAGE_OF_MATCHES_IN_CATEGORY, 1, inCategory.get("items").size());
        assertCounted(UPDATE_WIKI, 1, 1);
        assertCounted(UPSERT_INDEX, 1, 1);
        assertCounted(REPOSITORY_EXISTS, 1, 1);
        assertCounted(COUNT_REPOSITORY_WIKIS, 1, 1);
        assertCounted(PAGE_OF_REPOSITORY_WIKIS, 1, 10);
        assertCounted(DRIVER_CONNECTION_SETUP, connections, 0);

        List<String> seen = statements().stream().map(row -> row.get("query").asText()).sorted().collect(Collectors.toList());
        List<String> expected = List.of(FIND_WIKI, COUNT_MATCHES, PAGE_OF_MATCHES, COUNT_MATCHES_IN_CATEGORY,
                PAGE_OF_MATCHES_IN_CATEGORY, UPDATE_WIKI, UPSERT_INDEX, REPOSITORY_EXISTS, COUNT_REPOSITORY_WIKIS,
                PAGE_OF_REPOSITORY_WIKIS, DRIVER_CONNECTION_SETUP).stream().sorted().collect(Collectors.toList());
        assertEquals(expected, seen, "no statement more, none less");
        for (JsonNode row : statements()) {
            assertEquals(0, row.get("errors").asLong(), row::toString);
        }

        JsonNode summary = ok(HttpJson.get(example.sidecar("/database/stats"))).get("summary");
        long calls = statements().stream().mapToLong(row -> row.get("calls").asLong()).sum();
        assertEquals(calls, summary.get("queries").asLong(), summary::toString);
    }

    @Test
    void aSlowSearchIsTracedToTheServiceMethodThatRanIt() {
        for (int i = 0; i < 3; i++) {
            ok(get("/api/search?q=e&page_size=200"));
        }

        JsonNode analysis = ok(HttpJson.get(example.sidecar("/query-analysis?threshold_ms=1")));
        JsonNode page = null;
        for (JsonNode statement : analysis.get("statements")) {
            if (statement.get("query").asText().equals(PAGE_OF_MATCHES)) {
                page = statement;
            }
        }
        assertTrue(page != null, () -> "the search page is not among the statements over 1 ms: " + analysis
                + System.lineSeparator() + "all statements: " + statements());
        assertEquals(database, page.get("database").asText(), page::toString);
        assertEquals(3, page.get("calls").asLong(), page::toString);
        assertTrue(page.get("slow_count").asLong() >= 1, page::toString);
        assertTrue(page.get("callers").size() >= 1, page::toString);
        String expectedCaller = "com.threatlens.example.service.SecuritySearchService.search(SecuritySearchService.java:";
        for (JsonNode caller : page.get("callers")) {
            assertTrue(caller.asText().startsWith(expectedCaller), page::toString);
        }
        JsonNode sample = page.get("recent_samples").get(0);
        assertTrue(sample.get("caller").asText().startsWith(expectedCaller), sample::toString);
        assertTrue(sample.get("duration_ms").asDouble() >= 1, sample::toString);
        assertTrue(sample.get("sql").isNull(), sample::toString);

        String agentLog = String.join(System.lineSeparator(), example.agentLines());
        assertTrue(agentLog.contains("caller=" + expectedCaller), agentLog);
    }

    private static void assertCounted(String query, long calls, long rows) {
        JsonNode statement = statement(query);
        assertEquals(calls, statement.get("calls").asLong(), () -> "calls of " + statement);
        assertEquals(rows, statement.get("rows").asLong(), () -> "rows of " + statement);
    }

    private static JsonNode statement(String query) {
        List<JsonNode> all = statements();
        List<JsonNode> matching = all.stream().filter(row -> row.get("query").asText().equals(query)).toList();
        if (matching.size() != 1) {
            fail(matching.size() + " statements are " + query + "; all: "
                    + all.stream().map(row -> row.get("calls") + " x " + row.get("query").asText()).toList());
        }
        return matching.get(0);
    }

    /** Every statement the agent tracks for the example's database. */
    private static List<JsonNode> statements() {
        JsonNode body = ok(HttpJson.get(example.sidecar(
                "/queries?sort=calls&limit=10000&database=" + URLEncoder.encode(database, StandardCharsets.UTF_8))));
        List<JsonNode> rows = new ArrayList<>();
        body.get("statements").forEach(rows::add);
        return rows;
    }

    private static HttpJson.Reply get(String pathAndQuery) {
        return HttpJson.get(example.example(pathAndQuery));
    }

    private static JsonNode ok(HttpJson.Reply reply) {
        assertEquals(200, reply.status(), reply::toString);
        return reply.json();
    }

    /** A PUT with a JSON body, which {@link HttpJson} does not send. */
    private static HttpJson.Reply put(String pathAndQuery, String json) {
        URI uri = example.example(pathAndQuery);
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(20))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build();
        try {
            HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
            return new HttpJson.Reply("PUT " + uri, response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("PUT " + uri + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("PUT " + uri + " interrupted", e);
        }
    }
}
