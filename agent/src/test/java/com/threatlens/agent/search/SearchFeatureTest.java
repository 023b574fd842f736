package com.threatlens.agent.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.threatlens.agent.config.AgentConfig;
import com.threatlens.agent.data.ThreatLensDatabase;
import com.threatlens.agent.data.ThreatLensFixture;
import com.threatlens.sidecar.ApiException;
import com.threatlens.sidecar.search.SearchItem;
import com.threatlens.sidecar.search.SearchPage;
import com.threatlens.sidecar.search.SearchRequest;

/**
 * The search engine on a real SQLite file, without the cache: its answers against a plain
 * reference written independently (Java filtering of every row), on both paths.
 */
class SearchFeatureTest {

    @TempDir
    static Path directory;

    private static ThreatLensFixture fixture;
    private static SearchFeature likeSearch;
    private static SearchFeature ftsSearch;
    private static ThreatLensFixture indexed;

    @BeforeAll
    static void createDatabases(@TempDir Path other) throws Exception {
        fixture = ThreatLensFixture.create(directory, 5, 600);
        likeSearch = search(fixture);
        indexed = ThreatLensFixture.create(other, 5, 600);
        try (Connection connection = indexed.open()) {
            assertEquals(600, FtsIndex.build(connection));
        }
        ftsSearch = search(indexed);
    }

    private static SearchFeature search(ThreatLensFixture database) {
        AgentConfig config = AgentConfig.load(null, Map.of(), Map.of());
        return new SearchFeature(config, new ThreatLensDatabase(database.access(), null), null);
    }

    static Stream<Arguments> searches() {
        return Stream.of(
            Arguments.of(null, null, List.of(), List.of()),
            Arguments.of("injection", null, List.of(), List.of()),
            Arguments.of("SQL INJECTION", "2", List.of(), List.of()),
            Arguments.of("100%", null, List.of(), List.of()),
            Arguments.of("under_score", null, List.of("A01", "A03"), List.of()),
            Arguments.of("back\\slash", null, List.of(), List.of("xss")),
            Arguments.of("O'Reilly", "3", List.of(), List.of()),
            Arguments.of("\"quoted\"", null, List.of(), List.of()),
            Arguments.of("überprüfung", null, List.of(), List.of()),
            Arguments.of("to", null, List.of(), List.of()),
            Arguments.of(null, null, List.of("A07"), List.of("xss", "auth")),
            Arguments.of("token", "1", List.of("A02", "A05"), List.of("csrf")),
            Arguments.of("no such text anywhere", null, List.of(), List.of()));
    }

    @ParameterizedTest
    @MethodSource("searches")
    void every_page_walked_by_cursor_holds_exactly_the_reference_rows_in_order(String query, String repo,
                                                                              List<String> categories, List<String> tags)
        throws SQLException {
        for (SearchFeature search : List.of(likeSearch, ftsSearch)) {
            ThreatLensFixture database = search == likeSearch ? fixture : indexed;
            List<Long> expected = reference(database, query, repo, categories, tags);
            List<Long> walked = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                SearchPage page = search.search(new SearchRequest(query, repo, categories, tags, 1, 17, cursor));
                assertEquals(expected.size(), page.total(), "total of " + query);
                page.items().forEach(item -> walked.add(item.id()));
                cursor = page.nextCursor();
                pages++;
            } while (cursor != null && pages < 100);
            assertEquals(expected, walked, "search " + query + " repo " + repo + " " + categories + " " + tags);
        }
    }

    @Test
    void the_index_serves_queries_of_three_characters_or_more_and_like_the_rest() {
        assertEquals("fts", ftsSearch.search(request("injection", 1, null)).servedBy());
        assertEquals("like", ftsSearch.search(request("to", 1, null)).servedBy());
        assertEquals("like", ftsSearch.search(request(null, 1, null)).servedBy());
        assertEquals("like", likeSearch.search(request("injection", 1, null)).servedBy());
    }

    @Test
    void page_numbers_and_cursors_give_the_same_pages() {
        SearchPage first = likeSearch.search(request("session", 1, null));
        SearchPage secondByCursor = likeSearch.search(request("session", 1, first.nextCursor()));
        SearchPage secondByNumber = likeSearch.search(request("session", 2, null));

        assertEquals(2, secondByCursor.page());
        assertEquals(ids(secondByNumber), ids(secondByCursor));
        assertFalse(ids(secondByCursor).isEmpty());
    }

    @Test
    void a_snippet_is_the_text_around_the_first_match_and_never_the_whole_text() {
        SearchPage page = likeSearch.search(new SearchRequest("deserialization", null, List.of(), List.of(), 1, 50, null));

        assertFalse(page.items().isEmpty());
        for (SearchItem item : page.items()) {
            assertTrue(item.snippet().length() <= SearchSql.SNIPPET_LENGTH);
            assertTrue(item.title().toLowerCase(Locale.ROOT).contains("deserialization")
                || item.snippet().toLowerCase(Locale.ROOT).contains("deserialization"), item::toString);
        }
    }

    @Test
    void a_walk_by_cursor_sees_every_row_that_existed_once_while_newer_rows_are_inserted() throws SQLException {
        ThreatLensFixture growing = fixture;
        List<Long> before = reference(growing, "token", null, List.of(), List.of());
        Set<Long> seen = new LinkedHashSet<>();
        String cursor = null;
        try (Connection writer = growing.open()) {
            int inserted = 0;
            do {
                SearchPage page = likeSearch.search(request("token", 1, cursor));
                for (SearchItem item : page.items()) {
                    assertTrue(seen.add(item.id()), "wiki " + item.id() + " served twice");
                }
                // Newer wikis (the newest timestamp of all) land before the cursor: never seen, never shifting.
                for (int i = 0; i < 3; i++) {
                    growing.insertWiki(writer, 1, "2026-12-31T23:59:59Z");
                    inserted++;
                }
                cursor = page.nextCursor();
            } while (cursor != null);
            assertTrue(inserted > 3);
        }
        assertTrue(seen.containsAll(before), "every wiki that matched at the start was served");
    }

    @Test
    void a_changed_cursor_one_of_another_search_and_garbage_are_refused_with_a_400() {
        String cursor = likeSearch.search(request("session", 1, null)).nextCursor();
        assertNotNull(cursor);
        char last = cursor.charAt(cursor.length() - 1);
        String tampered = cursor.substring(0, cursor.length() - 1) + (last == 'A' ? 'B' : 'A');
        String bodyChanged = (cursor.charAt(0) == 'A' ? 'B' : 'A') + cursor.substring(1);

        for (String bad : List.of(tampered, bodyChanged, "abc.def", "x", "..", "AAAA")) {
            ApiException refused = assertThrows(ApiException.class, () -> likeSearch.search(request("session", 1, bad)));
            assertEquals(400, refused.status(), bad);
        }
        ApiException foreign = assertThrows(ApiException.class, () -> likeSearch.search(request("token", 1, cursor)));
        assertEquals(400, foreign.status());
        assertTrue(foreign.detail().contains("another search"), foreign.detail());
        ApiException otherAgent = assertThrows(ApiException.class, () -> ftsSearch.search(request("session", 1, cursor)));
        assertEquals(400, otherAgent.status(), "a cursor signed by another start-up's key");
    }

    @Test
    void injection_attempts_in_every_parameter_are_taken_literally() throws SQLException {
        List<String> attempts = List.of("' OR 1=1 --", "\") OR 1=1 --", "x'; DROP TABLE security_wikis; --",
            "* OR title:*", "NEAR(a b)", "%' OR '%'='", "\\", "\"", "a\" OR \"b");
        for (String attempt : attempts) {
            for (SearchFeature search : List.of(likeSearch, ftsSearch)) {
                SearchPage byQuery = search.search(request(attempt, 1, null));
                assertEquals(reference(search == likeSearch ? fixture : indexed, attempt, null, List.of(), List.of()).size(),
                    byQuery.total(), attempt);
                SearchPage byFilters = search.search(new SearchRequest(null, attempt, List.of(attempt), List.of(attempt), 1,
                    10, null));
                assertEquals(0, byFilters.total(), attempt);
            }
        }
        assertEquals(600, likeSearch.search(request(null, 1, null)).total(), "the table is still there");
    }

    @Test
    void the_last_page_has_no_next_cursor() {
        SearchPage all = likeSearch.search(new SearchRequest("injection", null, List.of(), List.of(), 1, 1000, null));

        assertNull(all.nextCursor());
        assertEquals(all.total(), all.items().size());
    }

    private static SearchRequest request(String query, int page, String cursor) {
        return new SearchRequest(query, null, List.of(), List.of(), page, 20, cursor);
    }

    private static List<Long> ids(SearchPage page) {
        return page.items().stream().map(SearchItem::id).toList();
    }

    /**
     * The reference: every wiki read, filtered in Java (ASCII case folding, as SQLite's LIKE),
     * ordered by updated_at descending then id.
     */
    static List<Long> reference(ThreatLensFixture database, String query, String repo, List<String> categories,
                                List<String> tags) throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (Connection connection = database.open();
             PreparedStatement select = connection.prepareStatement(
                 "SELECT id, repo_id, title, sections, owasp_category, security_tags, updated_at FROM security_wikis");
             ResultSet result = select.executeQuery()) {
            while (result.next()) {
                rows.add(new Object[] {result.getLong(1), result.getString(2), result.getString(3), result.getString(4),
                    result.getString(5), result.getString(6), result.getString(7)});
            }
        }
        String needle = query == null ? null : asciiLower(query);
        return rows.stream()
            .filter(row -> needle == null || asciiLower((String) row[2]).contains(needle)
                || asciiLower((String) row[3]).contains(needle))
            .filter(row -> repo == null || repo.equals(row[1]))
            .filter(row -> categories.isEmpty() || categories.contains(row[4]))
            .filter(row -> new HashSet<>(Arrays.asList(((String) row[5]).split(","))).containsAll(tags))
            .sorted((a, b) -> {
                int byTime = ((String) b[6]).compareTo((String) a[6]);
                return byTime != 0 ? byTime : Long.compare((long) a[0], (long) b[0]);
            })
            .map(row -> (Long) row[0])
            .toList();
    }

    private static String asciiLower(String text) {
        StringBuilder lower = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            lower.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        return lower.toString();
    }
}
