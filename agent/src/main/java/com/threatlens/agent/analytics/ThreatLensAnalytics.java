package com.threatlens.agent.analytics;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The analytics over the ThreatLens tables, each a few grouped queries with every value bound.
 * Timestamps are ISO-8601 UTC text, so a window is a string comparison with its start. Each query
 * reads its table once; figures per repository are joined here rather than with correlated
 * subqueries, which would read the table once per repository.
 */
final class ThreatLensAnalytics {

    static final int TOP_TAGS = 50;

    private ThreatLensAnalytics() {
    }

    /** The tables a type reads: a write to one of them makes its cached figures stale. */
    static List<String> tablesRead(String type) {
        switch (type) {
            case "repo-activity":
                return List.of("repositories", "security_wikis", "analysis_sessions");
            case "analysis-sessions":
                return List.of("analysis_sessions");
            default:
                return List.of("security_wikis");
        }
    }

    static Map<String, Object> compute(Connection connection, AnalyticsKey key) throws SQLException {
        switch (key.type()) {
            case "owasp-distribution":
                return owaspDistribution(connection, key);
            case "repo-activity":
                return repoActivity(connection, key);
            case "tag-frequency":
                return tagFrequency(connection, key);
            case "analysis-sessions":
                return analysisSessions(connection, key);
            default:
                throw new IllegalArgumentException("no analytics over the database for " + key.type());
        }
    }

    /** Wikis updated in the window, per OWASP category and severity. */
    static Map<String, Object> owaspDistribution(Connection connection, AnalyticsKey key) throws SQLException {
        Map<String, Map<String, Long>> bySeverity = new TreeMap<>();
        Map<String, Long> counts = new HashMap<>();
        long total = 0;
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT owasp_category, severity, COUNT(*) FROM security_wikis WHERE updated_at >= ?"
                + repoCondition(key) + " GROUP BY owasp_category, severity")) {
            bind(select, key);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String category = String.valueOf(rows.getString(1));
                    long count = rows.getLong(3);
                    bySeverity.computeIfAbsent(category, c -> new TreeMap<>()).put(String.valueOf(rows.getString(2)), count);
                    counts.merge(category, count, Long::sum);
                    total += count;
                }
            }
        }
        List<Map<String, Object>> categories = new ArrayList<>();
        bySeverity.keySet().stream()
            .sorted(Comparator.comparing((String category) -> counts.get(category)).reversed()
                .thenComparing(Comparator.naturalOrder()))
            .forEach(category -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("category", category);
                row.put("wikis", counts.get(category));
                row.put("by_severity", bySeverity.get(category));
                categories.add(row);
            });
        Map<String, Object> data = window(key);
        data.put("total", total);
        data.put("categories", categories);
        return data;
    }

    /** Per repository: wikis created and updated, analysis sessions and their findings in the window. */
    static Map<String, Object> repoActivity(Connection connection, AnalyticsKey key) throws SQLException {
        Map<String, Map<String, Object>> repositories = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT id, name FROM repositories" + (key.repoId() == null ? "" : " WHERE id = ?") + " ORDER BY id")) {
            if (key.repoId() != null) {
                select.setString(1, key.repoId());
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("repo_id", rows.getString(1));
                    row.put("name", rows.getString(2));
                    row.put("wikis_created", 0L);
                    row.put("wikis_updated", 0L);
                    row.put("sessions", 0L);
                    row.put("findings", 0L);
                    row.put("last_update", null);
                    repositories.put(rows.getString(1), row);
                }
            }
        }
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT repo_id, SUM(created_at >= ?), SUM(updated_at >= ?), MAX(updated_at) FROM security_wikis"
                + (key.repoId() == null ? "" : " WHERE repo_id = ?") + " GROUP BY repo_id")) {
            select.setString(1, key.since());
            select.setString(2, key.since());
            if (key.repoId() != null) {
                select.setString(3, key.repoId());
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Map<String, Object> row = repositories.get(rows.getString(1));
                    if (row != null) {
                        row.put("wikis_created", rows.getLong(2));
                        row.put("wikis_updated", rows.getLong(3));
                        row.put("last_update", rows.getString(4));
                    }
                }
            }
        }
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT repo_id, COUNT(*), COALESCE(SUM(findings_count), 0) FROM analysis_sessions WHERE started_at >= ?"
                + repoCondition(key) + " GROUP BY repo_id")) {
            bind(select, key);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Map<String, Object> row = repositories.get(rows.getString(1));
                    if (row != null) {
                        row.put("sessions", rows.getLong(2));
                        row.put("findings", rows.getLong(3));
                    }
                }
            }
        }
        List<Map<String, Object>> ordered = new ArrayList<>(repositories.values());
        ordered.sort(Comparator.comparingLong((Map<String, Object> row) ->
            (long) row.get("wikis_updated") + (long) row.get("sessions")).reversed());
        Map<String, Object> data = window(key);
        data.put("repositories", ordered);
        return data;
    }

    /** The most used tags of the wikis updated in the window (tags are a comma-separated column). */
    static Map<String, Object> tagFrequency(Connection connection, AnalyticsKey key) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        long scanned = 0;
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT security_tags FROM security_wikis WHERE updated_at >= ?" + repoCondition(key))) {
            bind(select, key);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    scanned++;
                    String tags = rows.getString(1);
                    if (tags != null) {
                        for (String tag : tags.split(",")) {
                            if (!tag.isBlank()) {
                                counts.merge(tag.trim(), 1L, Long::sum);
                            }
                        }
                    }
                }
            }
        }
        List<Map<String, Object>> tags = new ArrayList<>();
        counts.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
            .limit(TOP_TAGS)
            .forEach(entry -> {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("tag", entry.getKey());
                row.put("wikis", entry.getValue());
                tags.add(row);
            });
        Map<String, Object> data = window(key);
        data.put("wikis_scanned", scanned);
        data.put("distinct_tags", counts.size());
        data.put("tags", tags);
        return data;
    }

    /** Analysis sessions started in the window: per status, and per day. */
    static Map<String, Object> analysisSessions(Connection connection, AnalyticsKey key) throws SQLException {
        List<Map<String, Object>> byStatus = new ArrayList<>();
        long sessions = 0;
        long findings = 0;
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT status, COUNT(*), COALESCE(SUM(findings_count), 0), "
                + "AVG(CASE WHEN finished_at IS NOT NULL THEN (julianday(finished_at) - julianday(started_at)) * 86400.0 END) "
                + "FROM analysis_sessions WHERE started_at >= ?" + repoCondition(key) + " GROUP BY status ORDER BY status")) {
            bind(select, key);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("status", rows.getString(1));
                    row.put("sessions", rows.getLong(2));
                    row.put("findings", rows.getLong(3));
                    double mean = rows.getDouble(4);
                    row.put("mean_duration_seconds", rows.wasNull() ? null : Math.round(mean * 10) / 10.0);
                    byStatus.add(row);
                    sessions += rows.getLong(2);
                    findings += rows.getLong(3);
                }
            }
        }
        List<Map<String, Object>> perDay = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement(
            "SELECT substr(started_at, 1, 10) AS day, COUNT(*), COALESCE(SUM(findings_count), 0) FROM analysis_sessions "
                + "WHERE started_at >= ?" + repoCondition(key) + " GROUP BY day ORDER BY day")) {
            bind(select, key);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("day", rows.getString(1));
                    row.put("sessions", rows.getLong(2));
                    row.put("findings", rows.getLong(3));
                    perDay.add(row);
                }
            }
        }
        Map<String, Object> data = window(key);
        data.put("sessions", sessions);
        data.put("findings", findings);
        data.put("by_status", byStatus);
        data.put("per_day", perDay);
        return data;
    }

    private static String repoCondition(AnalyticsKey key) {
        return key.repoId() == null ? "" : " AND repo_id = ?";
    }

    /** Binds the window's start, then the repository when there is one. */
    private static void bind(PreparedStatement select, AnalyticsKey key) throws SQLException {
        select.setString(1, key.since());
        if (key.repoId() != null) {
            select.setString(2, key.repoId());
        }
    }

    private static Map<String, Object> window(AnalyticsKey key) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("since", key.since());
        return data;
    }
}
