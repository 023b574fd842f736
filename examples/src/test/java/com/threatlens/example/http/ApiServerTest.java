package com.threatlens.example.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.threatlens.example.TestDatabases;
import com.threatlens.example.ThreatLensApplication;
import com.threatlens.example.data.DatabaseFile;
import com.threatlens.example.http.HttpCalls.Reply;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API of a real server on a free port over a private tiny database. */
class ApiServerTest {

    private static final String NEW_WIKI = """
            {"repo_id": 2, "title": "Webhook signature bypass", "sections": "## Overview\\nUnsigned webhooks are accepted.\\n",
             "owasp_category": "A08", "security_tags": ["supply-chain", "secrets"]}""";

    @TempDir
    static Path directory;

    private static ApiServer server;
    private static HttpCalls http;

    @BeforeAll
    static void startServer() throws Exception {
        DatabaseFile database = TestDatabases.freshTiny(directory);
        server = ThreatLensApplication.start(database, "127.0.0.1", 0, TestDatabases.CLOCK);
        http = new HttpCalls(server.baseUri());
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void listensOnTheRealPort() {
        assertTrue(server.port() > 0);
        assertEquals("http://127.0.0.1:" + server.port(), server.baseUri().toString());
    }

    @Test
    void healthReportsTheIdRanges() {
        Reply reply = http.get("/api/health");

        assertEquals(200, reply.status());
        assertEquals("application/json; charset=utf-8", reply.contentType());
        JsonNode health = reply.json();
        assertEquals(Set.of("status", "wiki_count", "repo_count"), fieldNames(health));
        assertEquals("ok", health.get("status").asText());
        // Other tests of this class may have added wikis already.
        assertTrue(health.get("wiki_count").asLong() >= 200);
        assertEquals(5, health.get("repo_count").asLong());
    }

    @Test
    void getWikiReturnsSnakeCaseJson() {
        Reply reply = http.get("/api/wikis/5");

        assertEquals(200, reply.status());
        JsonNode wiki = reply.json();
        assertEquals(Set.of("id", "repo_id", "title", "sections", "owasp_category", "severity", "security_tags",
                "created_at", "updated_at"), fieldNames(wiki));
        assertEquals(5, wiki.get("id").asLong());
        assertTrue(wiki.get("security_tags").isArray());
        assertTrue(wiki.get("sections").asText().length() > 2000);
        assertTrue(wiki.get("owasp_category").asText().matches("A(0[1-9]|10)"));
    }

    @Test
    void unknownAndMalformedIds() {
        assertError(http.get("/api/wikis/100000"), 404, "not_found");
        assertError(http.get("/api/wikis/abc"), 400, "bad_request");
        assertError(http.get("/api/wikis/99999999999999999999"), 400, "bad_request");
        assertError(http.get("/api/repos/77/wikis"), 404, "not_found");
        assertError(http.get("/api/repos/x/wikis"), 400, "bad_request");
    }

    @Test
    void listsARepositorysWikis() {
        Reply reply = http.get("/api/repos/1/wikis?page=2&page_size=3");

        assertEquals(200, reply.status());
        JsonNode page = reply.json();
        assertEquals(Set.of("repo_id", "items", "page", "page_size", "total"), fieldNames(page));
        assertEquals(2, page.get("page").asInt());
        assertEquals(3, page.get("page_size").asInt());
        assertEquals(3, page.get("items").size());
        assertTrue(page.get("total").asLong() > 3);
        assertFalse(page.get("items").get(0).has("sections"), "listings leave out the long text");
    }

    @Test
    void rejectsBadPagingParameters() {
        assertError(http.get("/api/repos/1/wikis?page=abc"), 400, "bad_request");
        assertError(http.get("/api/repos/1/wikis?page=0"), 400, "bad_request");
        assertError(http.get("/api/repos/1/wikis?page_size=5000"), 400, "bad_request");
        assertError(http.get("/api/search?q=x&page_size=ten"), 400, "bad_request");
    }

    @Test
    void searches() {
        Reply reply = http.get("/api/search?q=cross-site%20scripting&owasp=A03&page_size=5");

        assertEquals(200, reply.status());
        JsonNode result = reply.json();
        assertEquals("cross-site scripting", result.get("query").asText());
        assertTrue(result.get("total").asLong() > 0);
        assertTrue(result.get("items").size() <= 5);
        for (JsonNode item : result.get("items")) {
            assertEquals("A03", item.get("owasp_category").asText());
            assertTrue(item.has("snippet"));
            assertTrue(item.has("repo_id"));
        }
        assertError(http.get("/api/search?q=x&owasp=A11"), 400, "bad_request");
    }

    @Test
    void servesEachAnalyticsType() {
        JsonNode owasp = http.get("/api/analytics/owasp-distribution?days=30").json();
        assertEquals(10, owasp.get("categories").size());
        assertEquals("2026-01-30T00:00:00Z", owasp.get("since").asText());

        JsonNode activity = http.get("/api/analytics/repo-activity").json();
        assertEquals(30, activity.get("days").asInt());
        assertEquals(5, activity.get("repositories").size());
        assertTrue(activity.get("repositories").get(0).has("wikis_created"));

        JsonNode tags = http.get("/api/analytics/tag-frequency?limit=3").json();
        assertEquals(3, tags.get("tags").size());
        assertTrue(tags.get("tags").get(0).get("count").asLong() > 0);

        assertError(http.get("/api/analytics/heatmap"), 404, "not_found");
        assertError(http.get("/api/analytics/repo-activity?days=week"), 400, "bad_request");
        assertError(http.get("/api/analytics/owasp-distribution?days=0"), 400, "bad_request");
    }

    @Test
    void postCreatesAWiki() {
        Reply created = http.post("/api/wikis", NEW_WIKI);

        assertEquals(201, created.status());
        JsonNode wiki = created.json();
        long id = wiki.get("id").asLong();
        assertTrue(id > 200);
        assertEquals("Webhook signature bypass", wiki.get("title").asText());
        assertEquals("medium", wiki.get("severity").asText());
        assertEquals("2026-03-01T12:00:00Z", wiki.get("created_at").asText());
        assertEquals(wiki, http.get("/api/wikis/" + id).json());
    }

    @Test
    void postRejectsInvalidBodies() {
        assertError(http.post("/api/wikis", "{\"repo_id\": 1, \"title\": "), 400, "bad_request");
        assertError(http.post("/api/wikis", "{} {}"), 400, "bad_request");
        assertError(http.post("/api/wikis", ""), 400, "bad_request");
        assertError(http.post("/api/wikis", "[1, 2]"), 400, "bad_request");
        assertError(http.post("/api/wikis", NEW_WIKI.replace("\"title\"", "\"name\"")), 400, "bad_request");
        assertError(http.post("/api/wikis", NEW_WIKI.replace("\"A08\"", "\"A11\"")), 400, "bad_request");
        assertError(http.post("/api/wikis", NEW_WIKI.replace("\"repo_id\": 2", "\"repo_id\": \"2\"")), 400, "bad_request");
        assertError(http.post("/api/wikis", NEW_WIKI.replace("\"repo_id\": 2", "\"repo_id\": 42")), 400, "bad_request");
        assertError(http.post("/api/wikis", NEW_WIKI.replace("[\"supply-chain\", \"secrets\"]", "\"secrets\"")),
                400, "bad_request");
    }

    @Test
    void putAcceptsExactlyWhatGetReturned() {
        JsonNode original = http.get("/api/wikis/9").json();
        Reply unchanged = http.put("/api/wikis/9", original.toString());
        assertEquals(200, unchanged.status());
        assertEquals(original.get("title"), unchanged.json().get("title"));

        ObjectNode edited = (ObjectNode) original.deepCopy();
        edited.put("title", "Edited through PUT");
        ((ArrayNode) edited.get("security_tags")).removeAll().add("xss");
        edited.put("id", 12345);
        edited.put("created_at", "1999-01-01T00:00:00Z");
        edited.put("unexpected", true);

        Reply reply = http.put("/api/wikis/9", edited.toString());

        assertEquals(200, reply.status());
        JsonNode after = http.get("/api/wikis/9").json();
        assertEquals(reply.json(), after);
        assertEquals("Edited through PUT", after.get("title").asText());
        assertEquals("[\"xss\"]", after.get("security_tags").toString());
        assertEquals(9, after.get("id").asLong());
        assertEquals(original.get("created_at"), after.get("created_at"));
        assertEquals("2026-03-01T12:00:00Z", after.get("updated_at").asText());
    }

    @Test
    void putOfAnUnknownWikiIsNotFound() {
        String body = http.get("/api/wikis/3").json().toString();

        assertError(http.put("/api/wikis/100000", body), 404, "not_found");
        assertError(http.put("/api/wikis/3", "{\"title\": \"only a title\"}"), 400, "bad_request");
    }

    @Test
    void wrongMethodsAndUnknownRoutes() {
        Reply delete = http.send("DELETE", "/api/wikis/1", null);
        assertError(delete, 405, "method_not_allowed");
        assertEquals("GET, PUT", delete.allow());
        assertError(http.post("/api/health", "{}"), 405, "method_not_allowed");
        assertError(http.get("/api/wikis"), 405, "method_not_allowed");
        assertError(http.get("/api/unknown"), 404, "not_found");
        assertError(http.get("/"), 404, "not_found");
    }

    @Test
    void unexpectedFailuresAnswer500() {
        assertError(http.get("/api/debug/fail"), 500, "internal_error");
    }

    private static void assertError(Reply reply, int status, String error) {
        assertEquals(status, reply.status(), reply.body());
        assertEquals("application/json; charset=utf-8", reply.contentType());
        JsonNode body = reply.json();
        assertEquals(Set.of("error", "detail"), fieldNames(body));
        assertEquals(error, body.get("error").asText());
        assertFalse(body.get("detail").asText().isBlank());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new TreeSet<>();
        Iterator<String> iterator = node.fieldNames();
        iterator.forEachRemaining(names::add);
        return names;
    }
}
