package com.threatlens.agent.search;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.threatlens.agent.data.ThreatLensDatabase;
import com.threatlens.agent.data.ThreatLensFixture;

/** Counting full-text matches in parts, on a real indexed SQLite file, against LIKE's count. */
class SplitCountTest {

    private static final List<String> TEXTS = List.of("injection", "SQL INJECTION", "cross-site scripting", "tokens",
        "prepared", "no such words anywhere", "in ");

    private static ThreatLensFixture fixture;
    private static ThreatLensDatabase database;

    @BeforeAll
    static void createIndexedDatabase(@TempDir Path directory) throws SQLException {
        fixture = ThreatLensFixture.create(directory, 4, 700);
        try (Connection connection = fixture.open(); Statement statement = connection.createStatement()) {
            FtsIndex.build(connection);
            // Ids far from the others, below and above: the outer parts must reach them.
            statement.execute("INSERT INTO security_wikis SELECT -40, repo_id, title, sections, owasp_category, "
                + "security_tags, severity, created_at, updated_at FROM security_wikis WHERE sections LIKE '%injection%' LIMIT 1");
            statement.execute("INSERT INTO security_wikis SELECT 9000000000, repo_id, title, sections, owasp_category, "
                + "security_tags, severity, created_at, updated_at FROM security_wikis WHERE sections LIKE '%injection%' LIMIT 1");
        }
        database = new ThreatLensDatabase(fixture.access(), null);
    }

    @Test
    void everyNumberOfPartsCountsWhatLikeCounts() throws SQLException {
        for (String text : TEXTS) {
            long expected = likeCount(text);
            for (int parts = 1; parts <= 5; parts++) {
                assertEquals(expected, new SplitCount(database, parts).count(countOf(text)),
                    "'" + text + "' counted in " + parts + " parts");
            }
        }
        assertTrue(likeCount("injection") > 2, "the fixture has matches to count");
    }

    @Test
    void boundsCoverEveryIdOnce() {
        SplitCount three = new SplitCount(database, 3);
        assertArrayEquals(new long[] {Long.MIN_VALUE, 4, 7, Long.MAX_VALUE}, three.bounds(new long[] {1, 10}));
        assertArrayEquals(new long[] {Long.MIN_VALUE, 5, 5, Long.MAX_VALUE}, three.bounds(new long[] {5, 5}));
        assertArrayEquals(new long[] {Long.MIN_VALUE, Long.MAX_VALUE}, new SplitCount(database, 1).bounds(new long[] {1, 9}));
    }

    @Test
    void concurrentCountsAreAllRight() throws Exception {
        SplitCount split = new SplitCount(database, 2);
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> counts = new ArrayList<>();
            List<Long> expected = new ArrayList<>();
            for (int round = 0; round < 5; round++) {
                for (String text : TEXTS) {
                    expected.add(likeCount(text));
                    counts.add(callers.submit((Callable<Long>) () -> split.count(countOf(text))));
                }
            }
            for (int i = 0; i < counts.size(); i++) {
                assertEquals(expected.get(i), counts.get(i).get());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    @Test
    void zeroPartsMeansOnePerProcessor() {
        assertEquals(Runtime.getRuntime().availableProcessors(), SplitCount.parts(0));
        assertEquals(3, SplitCount.parts(3));
    }

    private static SearchSql countOf(String text) {
        return SearchSql.indexOnlyCount(new SearchFilter(text, null, List.of(), List.of()));
    }

    /** The reference: ASCII case-folded containment, as ThreatLens's own LIKE search counts. */
    private static long likeCount(String text) throws SQLException {
        try (Connection connection = fixture.open();
             PreparedStatement count = connection.prepareStatement(
                 "SELECT COUNT(*) FROM security_wikis WHERE title LIKE ? ESCAPE '\\' OR sections LIKE ? ESCAPE '\\'")) {
            String pattern = LikePattern.contains(text);
            count.setString(1, pattern);
            count.setString(2, pattern);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
