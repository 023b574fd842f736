package com.threatlens.example.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sidecar's optimized search and analytics on the example service's database, with the real
 * agent attached: they answer what the service itself answers, through the full-text index once
 * it is built, page forward from the cache, and never hide a committed write.
 */
class SearchAndAnalyticsIT {

    private static final List<String> QUERIES = List.of("injection", "SQL", "token", "xss", "access control", "a");

    @TempDir
    static Path directory;

    private static ExampleProcess plain;
    private static ExampleProcess indexed;

    @BeforeAll
    static void start() {
        Path template = TinyDatabase.generate(directory);
        plain = ExampleProcess.startWithAgent(TinyDatabase.copy(template, "plain.db"), "http.port=0");
        indexed = ExampleProcess.startWithAgent(TinyDatabase.copy(template, "indexed.db"), "http.port=0",
                "search.fts=true");
        for (ExampleProcess process : List.of(plain, indexed)) {
            process.sidecarUrl();
            // The agent reads the database the application opened: let it open one.
            HttpJson.get(process.example("/api/search?q=x")).ok();
        }
    }

    @AfterAll
    static void stop() {
        for (ExampleProcess process : new ExampleProcess[] {plain, indexed}) {
            if (process != null) {
                process.close();
            }
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static List<Long> ids(JsonNode items) {
        List<Long> ids = new ArrayList<>();
        items.forEach(item -> ids.add(item.get("id").asLong()));
        return ids;
    }

    private static JsonNode search(ExampleProcess process, String parameters) {
        return HttpJson.get(process.sidecar("/search/optimized?" + parameters)).ok();
    }

    @Test
    void theOptimizedSearchFindsWhatTheServiceFindsInTheSameOrder() {
        for (String query : QUERIES) {
            for (String owasp : new String[] {null, "A03"}) {
                JsonNode app = HttpJson.get(plain.example("/api/search?page_size=1000&q=" + encode(query)
                        + (owasp == null ? "" : "&owasp=" + owasp))).ok();
                JsonNode agent = search(plain, "page_size=1000&query=" + encode(query)
                        + (owasp == null ? "" : "&owasp_categories=" + owasp));
                assertEquals(ids(app.get("items")), ids(agent.get("items")), query + " " + owasp);
                assertEquals(app.get("total").asLong(), agent.get("total").asLong(), query + " " + owasp);
                assertEquals("like", agent.get("served_by").asText());
            }
        }
    }

    @Test
    void theNextPageIsPrefetchedSoPagingForwardIsACacheHit() throws Exception {
        JsonNode first = search(plain, "query=session&page_size=5");
        assertFalse(first.get("cached").asBoolean(), first.toString());
        String cursor = first.get("next_cursor").asText();

        JsonNode second = eventually(() -> search(plain, "query=session&page_size=5&cursor=" + cursor),
                page -> page.get("cached").asBoolean());
        JsonNode secondByNumber = eventually(() -> search(plain, "query=session&page_size=5&page=2"),
                page -> page.get("cached").asBoolean());

        assertEquals(2, second.get("page").asInt());
        assertEquals(ids(second.get("items")), ids(secondByNumber.get("items")));
        JsonNode tasks = HttpJson.get(plain.sidecar("/background-tasks?type=search-prefetch")).ok();
        assertTrue(tasks.get("tasks").size() >= 1, tasks.toString());
    }

    @Test
    void aWikiCreatedThroughTheServiceIsFoundByTheNextSearch() {
        String marker = "zebra-marker-for-search";
        JsonNode before = search(plain, "query=" + marker);
        assertEquals(0, before.get("total").asLong());
        assertTrue(search(plain, "query=" + marker).get("cached").asBoolean(), "the empty answer is cached");

        createWiki(plain, "Findings about " + marker);

        JsonNode after = search(plain, "query=" + marker);
        assertEquals(1, after.get("total").asLong(), after.toString());
        assertFalse(after.get("cached").asBoolean());
    }

    @Test
    void withSearchFtsTheIndexIsBuiltAndAnswersAsTheTableScanDoes() throws Exception {
        eventually(() -> search(indexed, "query=injection"), page -> page.get("served_by").asText().equals("fts"));
        JsonNode tasks = HttpJson.get(indexed.sidecar("/background-tasks?type=search-fts-build")).ok();
        assertEquals("succeeded", tasks.at("/tasks/0/state").asText(), tasks.toString());

        for (String query : QUERIES) {
            JsonNode app = HttpJson.get(indexed.example("/api/search?page_size=1000&q=" + encode(query))).ok();
            JsonNode byIndex = search(indexed, "page_size=1000&query=" + encode(query));
            assertEquals(query.length() >= 3 ? "fts" : "like", byIndex.get("served_by").asText(), query);
            assertEquals(ids(app.get("items")), ids(byIndex.get("items")), query);
        }
        String marker = "okapi-marker-for-fts";
        assertEquals(0, search(indexed, "query=" + marker).get("total").asLong());
        createWiki(indexed, "Findings about " + marker);
        JsonNode after = search(indexed, "query=" + marker);
        assertEquals("fts", after.get("served_by").asText());
        assertEquals(1, after.get("total").asLong(), "the triggers indexed the new wiki: " + after);
    }

    @Test
    void badCursorsAreRefusedAndInjectionAttemptsAreTakenLiterally() {
        HttpJson.Reply foreign = HttpJson.get(plain.sidecar("/search/optimized?query=token&cursor="
                + search(plain, "query=session&page_size=2").get("next_cursor").asText()));
        assertEquals(400, foreign.status(), foreign.toString());
        assertTrue(foreign.json().get("detail").asText().contains("another search"), foreign.toString());
        for (String attempt : List.of("' OR 1=1 --", "\" OR \"\"=\"", "x'); DROP TABLE security_wikis; --")) {
            JsonNode page = search(plain, "query=" + encode(attempt) + "&repo_id=" + encode(attempt)
                    + "&owasp_categories=" + encode(attempt) + "&security_tags=" + encode(attempt));
            assertEquals(0, page.get("total").asLong(), attempt);
        }
        assertTrue(search(plain, "page_size=1").get("total").asLong() >= TinyDatabase.WIKIS);
    }

    @Test
    void theOwaspDistributionMatchesTheServiceAndIsThenServedFromTheCache() {
        JsonNode app = HttpJson.get(plain.example("/api/analytics/owasp-distribution?days=90")).ok();
        JsonNode agent = HttpJson.get(plain.sidecar("/analytics/owasp-distribution?time_range_days=90")).ok();

        Map<String, Long> expected = new TreeMap<>();
        app.get("categories").forEach(row -> {
            if (row.get("count").asLong() > 0) {
                expected.put(row.get("category").asText(), row.get("count").asLong());
            }
        });
        Map<String, Long> actual = new TreeMap<>();
        agent.at("/data/categories").forEach(row -> actual.put(row.get("category").asText(), row.get("wikis").asLong()));
        assertEquals(expected, actual);
        assertEquals(app.get("since").asText(), agent.at("/data/since").asText());
        assertTrue(HttpJson.get(plain.sidecar("/analytics/owasp-distribution?time_range_days=90")).ok()
                .get("cached").asBoolean());
    }

    @Test
    void figuresNotReadyWithinTheWaitAreAnsweredWithTheirTaskAndThenFromTheCache() throws Exception {
        HttpJson.Reply first = HttpJson.get(plain.sidecar("/analytics/repo-activity?time_range_days=7&wait_ms=0"));
        if (first.status() == 202) {
            String taskId = first.json().get("task_id").asText();
            assertEquals("/api/performance/background-tasks/" + taskId, first.json().get("poll").asText());
            eventually(() -> HttpJson.get(plain.sidecar("/background-tasks/" + taskId)).ok(),
                    task -> task.get("state").asText().equals("succeeded"));
        } else {
            assertEquals(200, first.status(), first.toString());
        }
        JsonNode later = HttpJson.get(plain.sidecar("/analytics/repo-activity?time_range_days=7&wait_ms=0")).ok();
        assertTrue(later.get("cached").asBoolean(), later.toString());
        assertEquals(TinyDatabase.REPOSITORIES, later.at("/data/repositories").size());

        JsonNode performance = HttpJson.get(plain.sidecar("/analytics/query-performance?time_range_days=1")).ok();
        assertTrue(performance.at("/data/totals/calls").asLong() > 0, performance.toString());
        assertNotNull(performance.at("/data/top_statements/0/query").asText());
    }

    private static void createWiki(ExampleProcess process, String title) {
        HttpJson.Reply created = HttpJson.sendJson("POST", process.example("/api/wikis"),
                "{\"repo_id\": 1, \"title\": \"" + title + "\", \"sections\": \"text\", \"owasp_category\": \"A03\","
                        + " \"security_tags\": [\"sqli\"], \"severity\": \"high\"}");
        assertEquals(201, created.status(), created.toString());
    }

    private static JsonNode eventually(Supplier<JsonNode> call, java.util.function.Predicate<JsonNode> done)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        JsonNode last = call.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never became true: " + last);
            }
            Thread.sleep(50);
            last = call.get();
        }
        return last;
    }
}
