package com.threatlens.example.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatlens.example.TestDatabases;
import com.threatlens.example.data.DatabaseFile;
import com.threatlens.example.model.SearchHit;
import com.threatlens.example.model.SearchResult;
import com.threatlens.example.model.Wiki;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecuritySearchServiceTest {

    @TempDir
    Path directory;

    private DatabaseFile database;
    private SecuritySearchService search;
    private WikiService wikis;

    @BeforeEach
    void setUp() {
        database = TestDatabases.freshTiny(directory);
        search = new SecuritySearchService(database);
        wikis = new WikiService(database, TestDatabases.CLOCK);
    }

    @Test
    void findsAWikiByAWordOnlyItContains() {
        Wiki wiki = wikis.createWiki(2, "Quokka gateway review",
                "## Overview\nThe legacy quokkabyte parser accepts unsigned payloads.\n", "A08",
                List.of("deserialization"), "high");

        SearchResult result = search.search("QUOKKABYTE", null, null, 1, 50);

        assertEquals(1, result.total());
        SearchHit hit = result.items().get(0);
        assertEquals(wiki.id(), hit.id());
        assertEquals(2, hit.repoId());
        assertEquals("Quokka gateway review", hit.title());
        assertEquals("A08", hit.owaspCategory());
        assertEquals(List.of("deserialization"), hit.securityTags());
        assertTrue(hit.snippet().contains("quokkabyte parser"), hit.snippet());
    }

    @Test
    void findsAGeneratedWikiByItsTitle() {
        Wiki wiki = wikis.getWiki(23);

        SearchResult result = search.search(wiki.title(), null, null, 1, 1000);

        assertTrue(result.items().stream().anyMatch(hit -> hit.id() == 23));
        assertEquals(result.total(), result.items().size());
    }

    @Test
    void totalCountsEveryWikiContainingTheTerm() throws SQLException {
        long expected = countWikis(text -> text.contains("injection"));

        SearchResult result = search.search("Injection", null, null, 1, 1000);

        assertTrue(expected > 0);
        assertEquals(expected, result.total());
        assertEquals(expected, result.items().size());
        for (SearchHit hit : result.items()) {
            assertTrue(hit.snippet().toLowerCase(Locale.ROOT).contains("injection")
                    || hit.title().toLowerCase(Locale.ROOT).contains("injection"), hit.snippet());
        }
    }

    @Test
    void categoryAndTagFiltersNarrowTheMatches() {
        SearchResult all = search.search("attacker", null, null, 1, 1000);
        SearchResult filtered = search.search("attacker", "a03", "xss", 1, 1000);

        assertTrue(filtered.total() > 0);
        assertTrue(filtered.total() < all.total());
        assertEquals("A03", filtered.owasp());
        for (SearchHit hit : filtered.items()) {
            assertEquals("A03", hit.owaspCategory());
            assertTrue(hit.securityTags().contains("xss"), hit.securityTags().toString());
        }
    }

    @Test
    void pagesSplitTheOrderedMatches() {
        List<SearchHit> firstTen = search.search("review", null, null, 1, 10).items();
        List<SearchHit> pageOne = search.search("review", null, null, 1, 5).items();
        List<SearchHit> pageTwo = search.search("review", null, null, 2, 5).items();

        assertEquals(firstTen.subList(0, 5), pageOne);
        assertEquals(firstTen.subList(5, 10), pageTwo);
    }

    @Test
    void anEmptyQueryMatchesEverything() {
        SearchResult result = search.search("  ", null, null, 1, 50);

        assertEquals(TestDatabases.TINY_WIKIS, result.total());
        assertEquals(50, result.items().size());
    }

    @Test
    void likeWildcardsInTheQueryAreLiteral() {
        assertEquals(0, search.search("50%_off", null, null, 1, 50).total());

        wikis.createWiki(1, "Discount abuse", "## Overview\nThe 50%_off coupon can be replayed.\n", "A04",
                List.of("rate-limiting"), null);

        assertEquals(1, search.search("50%_off", null, null, 1, 50).total());
    }

    @Test
    void rejectsInvalidArguments() {
        assertThrows(ValidationException.class, () -> search.search("x", "A11", null, 1, 50));
        assertThrows(ValidationException.class, () -> search.search("x", null, null, 0, 50));
        assertThrows(ValidationException.class, () -> search.search("x", null, null, 1, 1001));
        assertThrows(ValidationException.class, () -> search.search("x".repeat(201), null, null, 1, 50));
    }

    private long countWikis(Predicate<String> matches) throws SQLException {
        long count = 0;
        try (Connection connection = TestDatabases.connect(database);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT title, sections FROM security_wikis")) {
            while (rows.next()) {
                String text = (rows.getString(1) + "\n" + rows.getString(2)).toLowerCase(Locale.ROOT);
                if (matches.test(text)) {
                    count++;
                }
            }
        }
        return count;
    }
}
