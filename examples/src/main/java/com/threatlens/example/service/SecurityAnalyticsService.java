package com.threatlens.example.service;

import com.threatlens.example.data.DataAccessException;
import com.threatlens.example.data.DatabaseFile;
import com.threatlens.example.data.OwaspCategory;
import com.threatlens.example.data.SecurityTags;
import com.threatlens.example.data.Timestamps;
import com.threatlens.example.model.OwaspCount;
import com.threatlens.example.model.OwaspDistribution;
import com.threatlens.example.model.RepoActivity;
import com.threatlens.example.model.RepoActivityReport;
import com.threatlens.example.model.TagCount;
import com.threatlens.example.model.TagFrequency;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Aggregates over all wikis and analysis sessions. "The last N days" starts at UTC midnight
 * N days before today by the service clock (see {@link Timestamps#startOfWindow}).
 */
public class SecurityAnalyticsService {

    public static final int DEFAULT_DAYS = 30;
    public static final int MAX_DAYS = 3650;
    public static final int DEFAULT_TAG_LIMIT = 20;
    public static final int MAX_TAG_LIMIT = 100;

    private final DatabaseFile database;
    private final Clock clock;

    public SecurityAnalyticsService(DatabaseFile database) {
        this(database, Clock.systemUTC());
    }

    public SecurityAnalyticsService(DatabaseFile database, Clock clock) {
        this.database = database;
        this.clock = clock;
    }

    /** Wikis created or updated in the last {@code days} days, per OWASP category. */
    public OwaspDistribution owaspDistribution(int days) {
        validateDays(days);
        String since = Timestamps.startOfWindow(clock, days);
        Map<OwaspCategory, Long> counts = new EnumMap<>(OwaspCategory.class);
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
             PreparedStatement select = connection.prepareStatement(
                     "SELECT owasp_category, COUNT(*) FROM security_wikis WHERE updated_at >= ? "
                             + "GROUP BY owasp_category")) {
            select.setString(1, since);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    long count = rows.getLong(2);
                    OwaspCategory.fromCode(rows.getString(1)).ifPresent(category -> counts.put(category, count));
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot compute the OWASP distribution", e);
        }
        List<OwaspCount> categories = new ArrayList<>();
        long total = 0;
        for (OwaspCategory category : OwaspCategory.values()) {
            long count = counts.getOrDefault(category, 0L);
            categories.add(new OwaspCount(category.code(), category.title(), count));
            total += count;
        }
        return new OwaspDistribution(days, since, total, List.copyOf(categories));
    }

    /** Per repository: wikis created, older wikis edited, sessions and findings in the last {@code days} days. */
    public RepoActivityReport repoActivity(int days) {
        validateDays(days);
        String since = Timestamps.startOfWindow(clock, days);
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl())) {
            Map<Long, String> names = repositoryNames(connection);
            Map<Long, long[]> wikiCounts = groupedCounts(connection,
                    "SELECT repo_id, SUM(CASE WHEN created_at >= ? THEN 1 ELSE 0 END), "
                            + "SUM(CASE WHEN created_at < ? AND updated_at >= ? THEN 1 ELSE 0 END) "
                            + "FROM security_wikis GROUP BY repo_id", since, 3);
            Map<Long, long[]> sessionCounts = groupedCounts(connection,
                    "SELECT repo_id, COUNT(*), SUM(findings_count) FROM analysis_sessions "
                            + "WHERE started_at >= ? GROUP BY repo_id", since, 1);
            List<RepoActivity> repositories = new ArrayList<>();
            for (Map.Entry<Long, String> repository : names.entrySet()) {
                long[] wikis = wikiCounts.getOrDefault(repository.getKey(), new long[2]);
                long[] sessions = sessionCounts.getOrDefault(repository.getKey(), new long[2]);
                repositories.add(new RepoActivity(repository.getKey(), repository.getValue(),
                        wikis[0], wikis[1], sessions[0], sessions[1]));
            }
            return new RepoActivityReport(days, since, List.copyOf(repositories));
        } catch (SQLException e) {
            throw new DataAccessException("cannot compute repository activity", e);
        }
    }

    /** The {@code limit} most used tags over all wikis. Tags are a comma-separated column, so rows are counted here. */
    public TagFrequency tagFrequency(int limit) {
        if (limit < 1 || limit > MAX_TAG_LIMIT) {
            throw new ValidationException("limit must be between 1 and " + MAX_TAG_LIMIT + ", was " + limit);
        }
        Map<String, Long> counts = new HashMap<>();
        long scanned = 0;
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl());
             PreparedStatement select = connection.prepareStatement("SELECT security_tags FROM security_wikis");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                scanned++;
                for (String tag : SecurityTags.fromColumn(rows.getString(1))) {
                    counts.merge(tag, 1L, Long::sum);
                }
            }
        } catch (SQLException e) {
            throw new DataAccessException("cannot compute tag frequency", e);
        }
        List<TagCount> tags = counts.entrySet().stream()
                .map(entry -> new TagCount(entry.getKey(), entry.getValue()))
                .sorted(Comparator.comparingLong(TagCount::count).reversed().thenComparing(TagCount::tag))
                .limit(limit)
                .toList();
        return new TagFrequency(limit, scanned, tags);
    }

    private static void validateDays(int days) {
        if (days < 1 || days > MAX_DAYS) {
            throw new ValidationException("days must be between 1 and " + MAX_DAYS + ", was " + days);
        }
    }

    private static Map<Long, String> repositoryNames(Connection connection) throws SQLException {
        Map<Long, String> names = new LinkedHashMap<>();
        try (PreparedStatement select = connection.prepareStatement("SELECT id, name FROM repositories ORDER BY id");
             ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                names.put(rows.getLong(1), rows.getString(2));
            }
        }
        return names;
    }

    /** Runs a query grouped by repo_id whose parameters are all {@code since}; returns the two sums per repo. */
    private static Map<Long, long[]> groupedCounts(Connection connection, String sql, String since, int parameters)
            throws SQLException {
        Map<Long, long[]> counts = new HashMap<>();
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 1; i <= parameters; i++) {
                select.setString(i, since);
            }
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    counts.put(rows.getLong(1), new long[] {rows.getLong(2), rows.getLong(3)});
                }
            }
        }
        return counts;
    }
}
