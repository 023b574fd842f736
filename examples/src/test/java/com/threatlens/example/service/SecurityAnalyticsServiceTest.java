package com.threatlens.example.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.threatlens.example.TestDatabases;
import com.threatlens.example.data.DatabaseFile;
import com.threatlens.example.data.OwaspCategory;
import com.threatlens.example.model.OwaspCount;
import com.threatlens.example.model.OwaspDistribution;
import com.threatlens.example.model.RepoActivity;
import com.threatlens.example.model.RepoActivityReport;
import com.threatlens.example.model.TagCount;
import com.threatlens.example.model.TagFrequency;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expected values are recomputed here from the raw rows, independently of the service's SQL. */
class SecurityAnalyticsServiceTest {

    /** Thirty days before the test clock's day, 2026-03-01. */
    private static final String SINCE_30_DAYS = "2026-01-30T00:00:00Z";

    @TempDir
    Path directory;

    private DatabaseFile database;
    private SecurityAnalyticsService analytics;

    @BeforeEach
    void setUp() {
        database = TestDatabases.freshTiny(directory);
        analytics = new SecurityAnalyticsService(database, TestDatabases.CLOCK);
    }

    @Test
    void owaspDistributionCountsWikisChangedInTheWindow() throws SQLException {
        Map<String, Long> expected = new HashMap<>();
        for (String[] row : rows("SELECT owasp_category, updated_at FROM security_wikis")) {
            if (row[1].compareTo(SINCE_30_DAYS) >= 0) {
                expected.merge(row[0], 1L, Long::sum);
            }
        }

        OwaspDistribution distribution = analytics.owaspDistribution(30);

        assertEquals(30, distribution.days());
        assertEquals(SINCE_30_DAYS, distribution.since());
        assertEquals(10, distribution.categories().size());
        long total = 0;
        for (int i = 0; i < 10; i++) {
            OwaspCount count = distribution.categories().get(i);
            OwaspCategory category = OwaspCategory.values()[i];
            assertEquals(category.code(), count.category());
            assertEquals(category.title(), count.name());
            assertEquals(expected.getOrDefault(category.code(), 0L), count.count(), category.code());
            total += count.count();
        }
        assertEquals(total, distribution.total());
        assertTrue(total > 0 && total < TestDatabases.TINY_WIKIS, "the window holds some but not all wikis");
    }

    @Test
    void aYearLongWindowCoversEveryWiki() {
        assertEquals(TestDatabases.TINY_WIKIS, analytics.owaspDistribution(366).total());
    }

    @Test
    void aNewWikiCountsForToday() {
        OwaspDistribution before = analytics.owaspDistribution(1);

        new WikiService(database, TestDatabases.CLOCK).createWiki(1, "New", "## Overview\nText.\n", "A05",
                List.of("configuration"), null);

        OwaspDistribution after = analytics.owaspDistribution(1);
        assertEquals(before.total() + 1, after.total());
        assertEquals(before.categories().get(4).count() + 1, after.categories().get(4).count());
    }

    @Test
    void repoActivityReportsEveryRepositoryInIdOrder() throws SQLException {
        long[][] expected = new long[TestDatabases.TINY_REPOS + 1][4];
        for (String[] row : rows("SELECT repo_id, created_at, updated_at FROM security_wikis")) {
            int repo = Integer.parseInt(row[0]);
            if (row[1].compareTo(SINCE_30_DAYS) >= 0) {
                expected[repo][0]++;
            } else if (row[2].compareTo(SINCE_30_DAYS) >= 0) {
                expected[repo][1]++;
            }
        }
        for (String[] row : rows("SELECT repo_id, started_at, findings_count FROM analysis_sessions")) {
            if (row[1].compareTo(SINCE_30_DAYS) >= 0) {
                expected[Integer.parseInt(row[0])][2]++;
                expected[Integer.parseInt(row[0])][3] += Long.parseLong(row[2]);
            }
        }

        RepoActivityReport report = analytics.repoActivity(30);

        assertEquals(SINCE_30_DAYS, report.since());
        assertEquals(TestDatabases.TINY_REPOS, report.repositories().size());
        assertEquals("payments-gateway", report.repositories().get(0).name());
        long sessions = 0;
        for (RepoActivity activity : report.repositories()) {
            int repo = (int) activity.repoId();
            assertEquals(expected[repo][0], activity.wikisCreated(), "created in repo " + repo);
            assertEquals(expected[repo][1], activity.wikisUpdated(), "updated in repo " + repo);
            assertEquals(expected[repo][2], activity.analysisSessions(), "sessions in repo " + repo);
            assertEquals(expected[repo][3], activity.findings(), "findings in repo " + repo);
            sessions += activity.analysisSessions();
        }
        assertTrue(sessions > 0);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), report.repositories().stream().map(RepoActivity::repoId).toList());
    }

    @Test
    void tagFrequencyCountsTagsOfAllWikis() throws SQLException {
        Map<String, Long> expected = new HashMap<>();
        for (String[] row : rows("SELECT security_tags FROM security_wikis")) {
            for (String tag : row[0].split(",")) {
                expected.merge(tag, 1L, Long::sum);
            }
        }

        TagFrequency frequency = analytics.tagFrequency(5);

        assertEquals(TestDatabases.TINY_WIKIS, frequency.wikisScanned());
        assertEquals(5, frequency.tags().size());
        List<Long> counts = new ArrayList<>();
        for (TagCount tag : frequency.tags()) {
            assertEquals(expected.get(tag.tag()), tag.count(), tag.tag());
            counts.add(tag.count());
        }
        long highest = expected.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        assertEquals(highest, counts.get(0));
        assertEquals(counts.stream().sorted((a, b) -> Long.compare(b, a)).toList(), counts);
        assertEquals(expected.size(), analytics.tagFrequency(100).tags().size());
    }

    @Test
    void rejectsOutOfRangeArguments() {
        assertThrows(ValidationException.class, () -> analytics.owaspDistribution(0));
        assertThrows(ValidationException.class, () -> analytics.repoActivity(3651));
        assertThrows(ValidationException.class, () -> analytics.tagFrequency(0));
        assertThrows(ValidationException.class, () -> analytics.tagFrequency(101));
    }

    private List<String[]> rows(String sql) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (Connection connection = TestDatabases.connect(database);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                String[] row = new String[columns];
                for (int i = 0; i < columns; i++) {
                    row[i] = result.getString(i + 1);
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
