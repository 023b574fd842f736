package com.threatlens.example.service;

import com.threatlens.example.data.DataAccessException;
import com.threatlens.example.data.DatabaseFile;
import com.threatlens.example.data.OwaspCategory;
import com.threatlens.example.data.SecurityTags;
import com.threatlens.example.model.SearchHit;
import com.threatlens.example.model.SearchResult;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds wikis whose title or text contains a query (case-insensitive {@code LIKE}), optionally
 * restricted to an OWASP category and a tag. Runs a count and a page query; both scan
 * {@code security_wikis}.
 */
public class SecuritySearchService {

    public static final int MAX_QUERY_LENGTH = 200;

    private final DatabaseFile database;

    public SecuritySearchService(DatabaseFile database) {
        this.database = database;
    }

    /**
     * Searches wikis. Null or blank {@code query}, {@code owasp} or {@code tag} means no
     * restriction of that kind. Results are ordered most recently updated first.
     *
     * @throws ValidationException for an unknown OWASP category, an over-long query or bad paging
     */
    public SearchResult search(String query, String owasp, String tag, int page, int pageSize) {
        Paging.validate(page, pageSize);
        String text = blankToNull(query);
        if (text != null && text.length() > MAX_QUERY_LENGTH) {
            throw new ValidationException("q is longer than " + MAX_QUERY_LENGTH + " characters");
        }
        String category = blankToNull(owasp) == null ? null : OwaspCategory.fromCode(owasp)
                .orElseThrow(() -> new ValidationException("owasp must be one of A01..A10, was " + owasp))
                .code();
        String tagFilter = blankToNull(tag);

        Filter filter = new Filter(text, category, tagFilter);
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl())) {
            long total;
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT COUNT(*) FROM security_wikis" + filter.whereClause())) {
                filter.bind(count);
                try (ResultSet rows = count.executeQuery()) {
                    rows.next();
                    total = rows.getLong(1);
                }
            }
            List<SearchHit> items = new ArrayList<>();
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT id, repo_id, title, owasp_category, severity, security_tags, updated_at, sections "
                            + "FROM security_wikis" + filter.whereClause()
                            + " ORDER BY updated_at DESC, id LIMIT ? OFFSET ?")) {
                int next = filter.bind(select);
                select.setInt(next, pageSize);
                select.setLong(next + 1, Paging.offset(page, pageSize));
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        items.add(hit(rows, text));
                    }
                }
            }
            return new SearchResult(text, category, tagFilter, List.copyOf(items), page, pageSize, total);
        } catch (SQLException e) {
            throw new DataAccessException("cannot search wikis", e);
        }
    }

    private static SearchHit hit(ResultSet row, String query) throws SQLException {
        return new SearchHit(
                row.getLong("id"),
                row.getLong("repo_id"),
                row.getString("title"),
                row.getString("owasp_category"),
                row.getString("severity"),
                SecurityTags.fromColumn(row.getString("security_tags")),
                row.getString("updated_at"),
                Snippets.around(row.getString("sections"), query));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    /** The WHERE clause for the given filters; values are always bound, never inlined. */
    private record Filter(String text, String category, String tag) {

        String whereClause() {
            List<String> conditions = new ArrayList<>();
            if (text != null) {
                conditions.add("(title LIKE ?" + LikePatterns.ESCAPE_CLAUSE
                        + " OR sections LIKE ?" + LikePatterns.ESCAPE_CLAUSE + ")");
            }
            if (category != null) {
                conditions.add("owasp_category = ?");
            }
            if (tag != null) {
                conditions.add("security_tags LIKE ?" + LikePatterns.ESCAPE_CLAUSE);
            }
            return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        }

        /** Binds the filter values and returns the next free parameter index. */
        int bind(PreparedStatement statement) throws SQLException {
            int index = 1;
            if (text != null) {
                String pattern = LikePatterns.contains(text);
                statement.setString(index++, pattern);
                statement.setString(index++, pattern);
            }
            if (category != null) {
                statement.setString(index++, category);
            }
            if (tag != null) {
                statement.setString(index++, LikePatterns.contains(tag));
            }
            return index;
        }
    }
}
