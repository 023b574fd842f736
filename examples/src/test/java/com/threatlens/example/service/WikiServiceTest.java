package com.threatlens.example.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatlens.example.TestDatabases;
import com.threatlens.example.data.DatabaseFile;
import com.threatlens.example.model.Wiki;
import com.threatlens.example.model.WikiPage;
import com.threatlens.example.model.WikiSummary;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WikiServiceTest {

    private static final String NOW = "2026-03-01T12:00:00Z";
    private static final String SECTIONS = "## Overview\nThe quarterly review covers token handling.\n";

    @TempDir
    Path directory;

    private DatabaseFile database;
    private WikiService wikis;

    @BeforeEach
    void setUp() {
        database = TestDatabases.freshTiny(directory);
        wikis = new WikiService(database, TestDatabases.CLOCK);
    }

    @Test
    void getWikiReturnsTheStoredRow() throws SQLException {
        Wiki wiki = wikis.getWiki(17);

        assertEquals(17, wiki.id());
        assertEquals(column(17, "title"), wiki.title());
        assertEquals(column(17, "sections"), wiki.sections());
        assertEquals(column(17, "owasp_category"), wiki.owaspCategory());
        assertEquals(column(17, "severity"), wiki.severity());
        assertEquals(List.of(column(17, "security_tags").split(",")), wiki.securityTags());
        assertEquals(Long.parseLong(column(17, "repo_id")), wiki.repoId());
        assertEquals(column(17, "created_at"), wiki.createdAt());
        assertEquals(column(17, "updated_at"), wiki.updatedAt());
    }

    @Test
    void getWikiOfAnUnknownIdIsNull() {
        assertNull(wikis.getWiki(201));
        assertNull(wikis.getWiki(0));
        assertNull(wikis.getWiki(-5));
    }

    @Test
    void listWikisPagesThroughARepositoryNewestFirst() {
        WikiPage first = wikis.listWikis(1, 1, 10);
        WikiPage second = wikis.listWikis(1, 2, 10);

        assertEquals(1, first.repoId());
        assertEquals(10, first.items().size());
        assertEquals(first.total(), second.total());
        assertTrue(first.total() > 20, "repository 1 is the largest");
        Set<Long> ids = new HashSet<>();
        String previous = "9999";
        for (WikiSummary item : concat(first.items(), second.items())) {
            assertEquals(1, item.repoId());
            assertTrue(item.updatedAt().compareTo(previous) <= 0, "ordered by updated_at descending");
            previous = item.updatedAt();
            assertTrue(ids.add(item.id()), "pages do not overlap");
        }
    }

    @Test
    void listWikisTotalsCoverEveryWikiOnce() {
        long total = 0;
        for (long repo = 1; repo <= TestDatabases.TINY_REPOS; repo++) {
            WikiPage page = wikis.listWikis(repo, 1, 1000);
            assertEquals(page.total(), page.items().size());
            total += page.total();
        }
        assertEquals(TestDatabases.TINY_WIKIS, total);
    }

    @Test
    void listWikisPastTheEndIsEmpty() {
        WikiPage page = wikis.listWikis(2, 1000, 50);

        assertEquals(List.of(), page.items());
        assertTrue(page.total() > 0);
    }

    @Test
    void listWikisOfAnUnknownRepositoryIsNull() {
        assertNull(wikis.listWikis(99, 1, 10));
    }

    @Test
    void listWikisRejectsBadPaging() {
        assertThrows(ValidationException.class, () -> wikis.listWikis(1, 0, 10));
        assertThrows(ValidationException.class, () -> wikis.listWikis(1, 1, 0));
        assertThrows(ValidationException.class, () -> wikis.listWikis(1, 1, 1001));
    }

    @Test
    void createWikiStoresAndIndexesTheWiki() throws SQLException {
        Wiki created = wikis.createWiki(3, "  Token replay in the billing webhook ",
                SECTIONS + "An attacker could replay tokens; use parameterized queries.", "a07",
                List.of("Authentication", "session-management", "authentication"), null);

        assertEquals(TestDatabases.TINY_WIKIS + 1, created.id());
        assertEquals(3, created.repoId());
        assertEquals("Token replay in the billing webhook", created.title());
        assertEquals("A07", created.owaspCategory());
        assertEquals("medium", created.severity());
        assertEquals(List.of("authentication", "session-management"), created.securityTags());
        assertEquals(NOW, created.createdAt());
        assertEquals(NOW, created.updatedAt());
        assertEquals(created, wikis.getWiki(created.id()));

        try (Connection connection = TestDatabases.connect(database);
             PreparedStatement select = connection.prepareStatement(
                     "SELECT security_tags, owasp_keywords, mitigation_keywords, indexed_at FROM security_index "
                             + "WHERE wiki_id = ?")) {
            select.setLong(1, created.id());
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next());
                assertEquals("authentication,session-management", row.getString(1));
                assertTrue(row.getString(2).startsWith("a07 identification"));
                assertTrue(row.getString(3).contains("parameterized"));
                assertEquals(NOW, row.getString(4));
            }
        }
    }

    @Test
    void createWikiRejectsInvalidInput() {
        List<String> tags = List.of("xss");
        assertThrows(ValidationException.class, () -> wikis.createWiki(99, "t", SECTIONS, "A03", tags, null));
        assertThrows(ValidationException.class, () -> wikis.createWiki(1, " ", SECTIONS, "A03", tags, null));
        assertThrows(ValidationException.class, () -> wikis.createWiki(1, "t", "", "A03", tags, null));
        assertThrows(ValidationException.class, () -> wikis.createWiki(1, "t", SECTIONS, "A11", tags, null));
        assertThrows(ValidationException.class, () -> wikis.createWiki(1, "t", SECTIONS, null, tags, null));
        assertThrows(ValidationException.class, () -> wikis.createWiki(1, "t", SECTIONS, "A03", null, null));
        assertThrows(ValidationException.class,
                () -> wikis.createWiki(1, "t", SECTIONS, "A03", List.of("bad,tag"), null));
        assertThrows(ValidationException.class, () -> wikis.createWiki(1, "t", SECTIONS, "A03", tags, "severe"));
        assertNull(wikis.getWiki(TestDatabases.TINY_WIKIS + 1), "nothing was stored");
    }

    @Test
    void updateIsVisibleOnTheNextGet() throws SQLException {
        Wiki before = wikis.getWiki(42);

        Wiki updated = wikis.updateWiki(42, "Rewritten title", SECTIONS, "A10", List.of("ssrf"), "critical");

        Wiki after = wikis.getWiki(42);
        assertEquals(updated, after);
        assertEquals("Rewritten title", after.title());
        assertEquals(SECTIONS, after.sections());
        assertEquals("A10", after.owaspCategory());
        assertEquals("critical", after.severity());
        assertEquals(List.of("ssrf"), after.securityTags());
        assertEquals(before.createdAt(), after.createdAt());
        assertEquals(before.repoId(), after.repoId());
        assertEquals(NOW, after.updatedAt());
        assertEquals("ssrf", indexColumn(42, "security_tags"));
        assertEquals(NOW, indexColumn(42, "indexed_at"));
    }

    @Test
    void updateWithoutSeverityKeepsTheCurrentOne() {
        Wiki before = wikis.getWiki(7);

        Wiki after = wikis.updateWiki(7, before.title() + " (revised)", before.sections(), before.owaspCategory(),
                before.securityTags(), null);

        assertEquals(before.severity(), after.severity());
        assertEquals(before.title() + " (revised)", after.title());
    }

    @Test
    void updateOfAnUnknownWikiIsNull() {
        assertNull(wikis.updateWiki(999, "t", SECTIONS, "A01", List.of(), null));
    }

    private String column(long id, String name) throws SQLException {
        return select("SELECT " + name + " FROM security_wikis WHERE id = ?", id);
    }

    private String indexColumn(long id, String name) throws SQLException {
        return select("SELECT " + name + " FROM security_index WHERE wiki_id = ?", id);
    }

    private String select(String sql, long id) throws SQLException {
        try (Connection connection = TestDatabases.connect(database);
             PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, id);
            try (ResultSet row = select.executeQuery()) {
                assertTrue(row.next(), "row " + id + " exists");
                return row.getString(1);
            }
        }
    }

    private static <T> List<T> concat(List<T> first, List<T> second) {
        return Stream.concat(first.stream(), second.stream()).toList();
    }
}
