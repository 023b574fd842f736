package com.threatlens.agent.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.threatlens.agent.config.AgentConfig;
import com.threatlens.agent.data.ThreatLensDatabase;
import com.threatlens.agent.data.ThreatLensFixture;
import com.threatlens.agent.tasks.TaskRecord;
import com.threatlens.agent.tasks.TaskRequest;
import com.threatlens.agent.tasks.TaskState;
import com.threatlens.agent.tasks.TasksFeature;
import com.threatlens.sidecar.analytics.AnalyticsAnswer;
import com.threatlens.sidecar.analytics.AnalyticsRequest;

/**
 * The analytics on a real SQLite file: each type against a reference computed in Java from every
 * row, and the answer with a background task when the figures take longer than the wait.
 */
class AnalyticsFeatureTest {

    /** Mid-December 2026: a 30-day window starts on 2026-11-15, so part of the fixture's rows fall in it. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-15T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    static Path directory;

    private static ThreatLensFixture fixture;
    private static AnalyticsFeature inRequest;
    private static TasksFeature tasks;

    @BeforeAll
    static void createDatabase() throws SQLException {
        fixture = ThreatLensFixture.create(directory, 6, 800);
        inRequest = new AnalyticsFeature(new ThreatLensDatabase(fixture.access(), null), null, null, CLOCK);
        tasks = new TasksFeature(AgentConfig.load(null, Map.of(), Map.of()));
        tasks.connect();
    }

    @AfterAll
    static void stopTasks() {
        tasks.processor().shutdown(Duration.ofSeconds(1));
    }

    private static Map<String, Object> compute(AnalyticsFeature analytics, String type, String repo, int days) {
        AnalyticsAnswer answer = analytics.compute(new AnalyticsRequest(type, repo, days, Duration.ofSeconds(10)));
        assertTrue(answer.isReady(), answer::toString);
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) answer.data();
        return data;
    }

    private static String since(int days) {
        return CLOCK.instant().truncatedTo(java.time.temporal.ChronoUnit.DAYS).minus(Duration.ofDays(days)).toString();
    }

    /** Every row of a table as column maps. */
    private static List<Map<String, Object>> rows(String table) throws SQLException {
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Connection connection = fixture.open(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT * FROM " + table)) {
            while (result.next()) {
                Map<String, Object> row = new HashMap<>();
                for (int i = 1; i <= result.getMetaData().getColumnCount(); i++) {
                    row.put(result.getMetaData().getColumnName(i), result.getObject(i));
                }
                rows.add(row);
            }
        }
        return rows;
    }

    private static boolean inWindow(Map<String, Object> row, String column, String since, String repo) {
        return ((String) row.get(column)).compareTo(since) >= 0 && (repo == null || repo.equals(String.valueOf(row.get("repo_id"))));
    }

    @ParameterizedTest
    @CsvSource({"30,", "90,", "365,", "90,2"})
    void the_owasp_distribution_counts_wikis_updated_in_the_window_per_category_and_severity(int days, String repo)
        throws SQLException {
        String since = since(days);
        Map<String, Map<String, Long>> expected = new TreeMap<>();
        for (Map<String, Object> wiki : rows("security_wikis")) {
            if (inWindow(wiki, "updated_at", since, repo)) {
                expected.computeIfAbsent((String) wiki.get("owasp_category"), c -> new TreeMap<>())
                    .merge((String) wiki.get("severity"), 1L, Long::sum);
            }
        }
        Map<String, Object> data = compute(inRequest, "owasp-distribution", repo, days);

        Map<String, Object> actual = new TreeMap<>();
        for (Object category : (List<?>) data.get("categories")) {
            Map<?, ?> row = (Map<?, ?>) category;
            actual.put((String) row.get("category"), row.get("by_severity"));
        }
        assertEquals(expected, actual);
        assertEquals(expected.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum(),
            data.get("total"));
        assertEquals(since, data.get("since"));
    }

    @ParameterizedTest
    @CsvSource({"30,", "200,", "200,4"})
    void repository_activity_counts_created_and_updated_wikis_sessions_and_findings(int days, String repo)
        throws SQLException {
        String since = since(days);
        Map<String, long[]> expected = new TreeMap<>();
        for (Map<String, Object> repository : rows("repositories")) {
            String id = String.valueOf(repository.get("id"));
            if (repo == null || repo.equals(id)) {
                expected.put(id, new long[4]);
            }
        }
        for (Map<String, Object> wiki : rows("security_wikis")) {
            long[] counts = expected.get(String.valueOf(wiki.get("repo_id")));
            if (counts != null) {
                counts[0] += ((String) wiki.get("created_at")).compareTo(since) >= 0 ? 1 : 0;
                counts[1] += ((String) wiki.get("updated_at")).compareTo(since) >= 0 ? 1 : 0;
            }
        }
        for (Map<String, Object> session : rows("analysis_sessions")) {
            long[] counts = expected.get(String.valueOf(session.get("repo_id")));
            if (counts != null && inWindow(session, "started_at", since, null)) {
                counts[2]++;
                counts[3] += ((Number) session.get("findings_count")).longValue();
            }
        }
        Map<String, Object> data = compute(inRequest, "repo-activity", repo, days);

        Map<String, List<Long>> actual = new TreeMap<>();
        for (Object repository : (List<?>) data.get("repositories")) {
            Map<?, ?> row = (Map<?, ?>) repository;
            actual.put((String) row.get("repo_id"), List.of((Long) row.get("wikis_created"), (Long) row.get("wikis_updated"),
                (Long) row.get("sessions"), (Long) row.get("findings")));
        }
        Map<String, List<Long>> expectedLists = new TreeMap<>();
        expected.forEach((id, counts) -> expectedLists.put(id, List.of(counts[0], counts[1], counts[2], counts[3])));
        assertEquals(expectedLists, actual);
    }

    @Test
    void tag_frequency_counts_each_tag_of_the_wikis_updated_in_the_window_most_used_first() throws SQLException {
        String since = since(120);
        Map<String, Long> expected = new HashMap<>();
        long scanned = 0;
        for (Map<String, Object> wiki : rows("security_wikis")) {
            if (inWindow(wiki, "updated_at", since, null)) {
                scanned++;
                for (String tag : ((String) wiki.get("security_tags")).split(",")) {
                    if (!tag.isEmpty()) {
                        expected.merge(tag, 1L, Long::sum);
                    }
                }
            }
        }
        Map<String, Object> data = compute(inRequest, "tag-frequency", null, 120);

        Map<String, Long> expectedOrdered = new LinkedHashMap<>();
        expected.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
            .forEach(entry -> expectedOrdered.put(entry.getKey(), entry.getValue()));
        Map<String, Long> actual = new LinkedHashMap<>();
        for (Object tag : (List<?>) data.get("tags")) {
            actual.put((String) ((Map<?, ?>) tag).get("tag"), (Long) ((Map<?, ?>) tag).get("wikis"));
        }
        assertEquals(List.copyOf(expectedOrdered.entrySet()), List.copyOf(actual.entrySet()));
        assertEquals(scanned, data.get("wikis_scanned"));
    }

    @Test
    void analysis_sessions_are_counted_per_status_and_per_day_with_their_mean_duration() throws SQLException {
        String since = since(60);
        Map<String, long[]> byStatus = new TreeMap<>();
        Map<String, Long> perDay = new TreeMap<>();
        for (Map<String, Object> session : rows("analysis_sessions")) {
            if (inWindow(session, "started_at", since, null)) {
                long[] counts = byStatus.computeIfAbsent((String) session.get("status"), s -> new long[2]);
                counts[0]++;
                counts[1] += ((Number) session.get("findings_count")).longValue();
                perDay.merge(((String) session.get("started_at")).substring(0, 10), 1L, Long::sum);
            }
        }
        Map<String, Object> data = compute(inRequest, "analysis-sessions", null, 60);

        for (Object row : (List<?>) data.get("by_status")) {
            Map<?, ?> status = (Map<?, ?>) row;
            long[] expected = byStatus.remove((String) status.get("status"));
            assertNotNull(expected, status::toString);
            assertEquals(expected[0], status.get("sessions"));
            assertEquals(expected[1], status.get("findings"));
            if (status.get("status").equals("running")) {
                assertEquals(null, status.get("mean_duration_seconds"), "running sessions have not finished");
            } else {
                assertTrue((Double) status.get("mean_duration_seconds") > 0, status::toString);
            }
        }
        assertTrue(byStatus.isEmpty(), "every status is there: " + byStatus.keySet());
        Map<String, Long> actualPerDay = new TreeMap<>();
        for (Object row : (List<?>) data.get("per_day")) {
            actualPerDay.put((String) ((Map<?, ?>) row).get("day"), (Long) ((Map<?, ?>) row).get("sessions"));
        }
        assertEquals(perDay, actualPerDay);
    }

    @Test
    void figures_slower_than_the_wait_are_answered_with_their_task_which_one_computation_serves() throws Exception {
        AnalyticsFeature queued = new AnalyticsFeature(new ThreatLensDatabase(fixture.access(), null), null, null, CLOCK);
        queued.useTasks(tasks.processor());
        // Every worker busy: the computation waits in the queue until the gate opens.
        CountDownLatch gate = new CountDownLatch(1);
        for (int i = 0; i < tasks.processor().workers(); i++) {
            tasks.processor().submit(TaskRequest.of("blocker", 0, "", context -> {
                gate.await(10, TimeUnit.SECONDS);
                return "released";
            }));
        }
        AnalyticsAnswer first;
        AnalyticsAnswer second;
        try {
            first = queued.compute(new AnalyticsRequest("tag-frequency", null, 365, Duration.ofMillis(20)));
            second = queued.compute(new AnalyticsRequest("tag-frequency", null, 365, Duration.ZERO));
        } finally {
            gate.countDown();
        }

        assertFalse(first.isReady(), first::toString);
        assertEquals("queued", first.taskState());
        assertEquals(first.taskId(), second.taskId(), "a second request joins the computation under way");
        TaskRecord task = tasks.processor().task(first.taskId()).orElseThrow();
        assertEquals("analytics-tag-frequency", task.type());
        assertEquals(12, task.priority());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!task.state().finished() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(TaskState.SUCCEEDED, task.state(), task::error);
        AnalyticsAnswer later = queued.compute(new AnalyticsRequest("tag-frequency", null, 365, Duration.ofSeconds(10)));
        assertTrue(later.isReady());
        assertEquals(compute(inRequest, "tag-frequency", null, 365), later.data());
    }

    @Test
    void an_unknown_repository_has_no_figures_rather_than_an_error() {
        Map<String, Object> data = compute(inRequest, "owasp-distribution", "' OR 1=1 --", 365);

        assertEquals(0L, data.get("total"));
        assertEquals(List.of(), data.get("categories"));
    }
}
