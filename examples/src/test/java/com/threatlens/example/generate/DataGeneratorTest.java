package com.threatlens.example.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatlens.example.TestDatabases;
import com.threatlens.example.data.DatabaseFile;
import com.threatlens.example.data.OwaspCategory;
import com.threatlens.example.data.Schema;
import com.threatlens.example.data.SecurityTags;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataGeneratorTest {

    private static final Pattern TIMESTAMP = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");

    @TempDir
    static Path directory;

    private static DatabaseFile database;
    private static GenerationSummary summary;

    @BeforeAll
    static void generateTiny() {
        Path file = directory.resolve("tiny.db");
        summary = new DataGenerator().generate(file, GenerationPreset.TINY, TestDatabases.REFERENCE_DATE);
        database = new DatabaseFile(file);
    }

    @Test
    void reportsWhatItBuilt() {
        assertEquals(5, summary.repositories());
        assertEquals(200, summary.wikis());
        assertTrue(summary.threatDocuments() > 0);
        assertTrue(summary.analysisSessions() > 0);
        assertTrue(summary.systemMetrics() > 0);
        // The tiny preset is meant for tests; generous bound for slow machines.
        assertTrue(summary.elapsed().compareTo(Duration.ofSeconds(5)) < 0, summary.describe());
    }

    @Test
    void twoSeparatelyBuiltDatabasesAreIdentical(@TempDir Path other) throws Exception {
        Path second = other.resolve("again.db");
        new DataGenerator().generate(second, GenerationPreset.TINY, TestDatabases.REFERENCE_DATE);

        assertEquals(checksum(database), checksum(new DatabaseFile(second)));
    }

    @Test
    void anotherReferenceDateShiftsOnlyTheTimeline(@TempDir Path other) throws Exception {
        Path shifted = other.resolve("shifted.db");
        new DataGenerator().generate(shifted, GenerationPreset.TINY, TestDatabases.REFERENCE_DATE.plusDays(1));

        assertNotEquals(checksum(database), checksum(new DatabaseFile(shifted)));
        assertEquals(
                query(database, "SELECT title || sections || security_tags FROM security_wikis ORDER BY id"),
                query(new DatabaseFile(shifted), "SELECT title || sections || security_tags FROM security_wikis ORDER BY id"));
    }

    @Test
    void idsAreConsecutiveFromOne() throws SQLException {
        assertEquals(List.of("1|5|5"), query(database, "SELECT MIN(id) || '|' || MAX(id) || '|' || COUNT(*) FROM repositories"));
        assertEquals(List.of("1|200|200"),
                query(database, "SELECT MIN(id) || '|' || MAX(id) || '|' || COUNT(*) FROM security_wikis"));
        assertEquals(List.of("1|200|200"),
                query(database, "SELECT MIN(wiki_id) || '|' || MAX(wiki_id) || '|' || COUNT(*) FROM security_index"));
    }

    @Test
    void hasNoIndexesBesidesPrimaryKeys() throws SQLException {
        assertEquals(List.of(), query(database,
                "SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_autoindex_%'"));
        assertEquals(List.of(), query(database, "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"));
        assertEquals(Set.copyOf(Schema.TABLES), Set.copyOf(query(database,
                "SELECT name FROM sqlite_master WHERE type = 'table'")));
    }

    @Test
    void leavesAWalDatabaseAndNoTemporaryFile() throws SQLException {
        assertEquals(List.of("wal"), query(database, "PRAGMA journal_mode"));
        assertFalse(Files.exists(directory.resolve("tiny.db.generating")));
    }

    @Test
    void wikisLookLikeSecurityDocumentation() throws SQLException {
        Set<String> categories = new HashSet<>();
        try (Connection connection = TestDatabases.connect(database);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT title, sections, owasp_category, security_tags, severity, created_at, updated_at "
                             + "FROM security_wikis")) {
            while (rows.next()) {
                String sections = rows.getString("sections");
                int bytes = sections.getBytes(StandardCharsets.UTF_8).length;
                assertTrue(bytes >= 2048 && bytes <= 4096, "sections of " + bytes + " bytes");
                assertTrue(sections.startsWith("## Overview\n"));
                assertTrue(sections.contains("## Mitigations\n"));
                assertFalse(rows.getString("title").isBlank());

                String category = rows.getString("owasp_category");
                assertTrue(OwaspCategory.fromCode(category).isPresent(), category);
                categories.add(category);

                List<String> tags = SecurityTags.fromColumn(rows.getString("security_tags"));
                assertTrue(tags.size() >= 1 && tags.size() <= 4, tags.toString());
                assertTrue(SecurityTags.KNOWN.containsAll(tags), tags.toString());

                String created = rows.getString("created_at");
                String updated = rows.getString("updated_at");
                assertTrue(TIMESTAMP.matcher(created).matches(), created);
                assertTrue(TIMESTAMP.matcher(updated).matches(), updated);
                assertTrue(updated.compareTo(created) >= 0);
                assertTrue(updated.compareTo("2026-03-01T00:00:00Z") < 0, updated);
                assertTrue(created.compareTo("2025-03-01T00:00:00Z") >= 0, created);
            }
        }
        assertEquals(10, categories.size());
    }

    @Test
    void indexRowsDescribeTheirWiki() throws SQLException {
        List<String> mismatches = query(database,
                "SELECT w.id FROM security_wikis w JOIN security_index i ON i.wiki_id = w.id "
                        + "WHERE i.security_tags <> w.security_tags "
                        + "OR i.owasp_keywords NOT LIKE lower(w.owasp_category) || ' %' "
                        + "OR i.full_text_index = '' OR i.threat_keywords = ''");
        assertEquals(List.of(), mismatches);
        assertFalse(query(database, "SELECT wiki_id FROM security_index WHERE patterns <> ''").isEmpty(),
                "some wikis quote risky code");
    }

    @Test
    void regeneratingReplacesTheDatabase(@TempDir Path other) throws Exception {
        Path file = other.resolve("replace.db");
        Files.writeString(file, "not a database");
        Files.writeString(other.resolve("replace.db-wal"), "stale");

        new DataGenerator().generate(file, GenerationPreset.TINY, LocalDate.of(2026, 1, 1));

        assertEquals(List.of("200"), query(new DatabaseFile(file), "SELECT COUNT(*) FROM security_wikis"));
    }

    /** SHA-256 over every row of every table, in primary key order. */
    private static String checksum(DatabaseFile file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (Connection connection = TestDatabases.connect(file); Statement statement = connection.createStatement()) {
            for (String table : Schema.TABLES) {
                try (ResultSet rows = statement.executeQuery("SELECT * FROM " + table + " ORDER BY 1")) {
                    ResultSetMetaData meta = rows.getMetaData();
                    while (rows.next()) {
                        for (int column = 1; column <= meta.getColumnCount(); column++) {
                            digest.update(String.valueOf(rows.getObject(column)).getBytes(StandardCharsets.UTF_8));
                            digest.update((byte) 0);
                        }
                    }
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static List<String> query(DatabaseFile file, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = TestDatabases.connect(file);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
