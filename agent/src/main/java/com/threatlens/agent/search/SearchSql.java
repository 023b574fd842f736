package com.threatlens.agent.search;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The SQL of one search, built from fixed fragments with a placeholder for every value: nothing
 * a caller sends becomes SQL text.
 *
 * <p>Both paths match what ThreatLens matches: the title or the text contains the query,
 * case-insensitively. The table path says so with {@code LIKE}. The full-text path asks the trigram
 * index, which finds every wiki that contains the text, folding case for all of Unicode where
 * {@code LIKE} folds ASCII only: for a query in ASCII the two agree (but for letters such as the
 * Kelvin sign, which the index folds to an ASCII one); for any other query the index only narrows
 * the wikis and the same {@code LIKE} decides. Results are ordered by {@code updated_at DESC, id},
 * the key of the cursor.
 */
final class SearchSql {

    static final String COLUMNS = "w.id, w.repo_id, w.title, w.owasp_category, w.severity, w.security_tags, w.updated_at";
    /** Up to this many characters of text around the first match; the text itself is never sent whole. */
    static final int SNIPPET_LENGTH = 240;
    static final int SNIPPET_LEAD = 60;
    /** The trigram tokenizer cannot match fewer characters: shorter queries take the table path. */
    static final int FTS_MIN_QUERY_LENGTH = 3;
    private static final String FTS_MATCH = "SELECT rowid FROM " + FtsIndex.TABLE + " WHERE " + FtsIndex.TABLE + " MATCH ?";

    private final StringBuilder where = new StringBuilder();
    private final List<Object> values = new ArrayList<>();
    private final String from;

    private SearchSql(String from) {
        this.from = from;
    }

    /**
     * The search of {@code filter}: with {@code byIndex}, the wikis come from the full-text index
     * (the filter's text must be one {@link #indexCanServe} accepts); else the table is read in
     * order and each wiki tested with {@code LIKE}.
     */
    static SearchSql of(SearchFilter filter, boolean byIndex) {
        SearchSql sql = new SearchSql(" FROM security_wikis w");
        if (byIndex) {
            sql.condition("w.id IN (" + FTS_MATCH + ")", phrase(filter.text()));
        }
        if (filter.text() != null && (!byIndex || !isAscii(filter.text()))) {
            String pattern = LikePattern.contains(filter.text());
            sql.condition("(w.title LIKE ? ESCAPE '\\' OR w.sections LIKE ? ESCAPE '\\')", pattern, pattern);
        }
        if (filter.repoId() != null) {
            sql.condition("w.repo_id = ?", filter.repoId());
        }
        if (!filter.categories().isEmpty()) {
            sql.condition("w.owasp_category IN (" + String.join(", ", Collections.nCopies(filter.categories().size(), "?"))
                + ")", filter.categories().toArray());
        }
        for (String tag : filter.tags()) {
            // Tags are a comma-separated column: a tag is one whole element of it.
            sql.condition("(',' || w.security_tags || ',') LIKE ? ESCAPE '\\'", "%," + LikePattern.escape(tag) + ",%");
        }
        return sql;
    }

    /**
     * The count of the full-text search of a text alone: the index counts its own matches without
     * reading a wiki. Null when the filter has more than an ASCII text.
     */
    static SearchSql indexOnlyCount(SearchFilter filter) {
        if (filter.repoId() != null || !filter.categories().isEmpty() || !filter.tags().isEmpty() || !isAscii(filter.text())) {
            return null;
        }
        SearchSql sql = new SearchSql(" FROM " + FtsIndex.TABLE);
        sql.condition(FtsIndex.TABLE + " MATCH ?", phrase(filter.text()));
        return sql;
    }

    /** Whether the index can serve this filter's text (it has one of at least three characters). */
    static boolean indexCanServe(SearchFilter filter) {
        return filter.text() != null && filter.text().codePointCount(0, filter.text().length()) >= FTS_MIN_QUERY_LENGTH;
    }

    /** An FTS5 phrase that matches the text as it is: quotes doubled, nothing else special inside. */
    static String phrase(String text) {
        return "\"" + text.replace("\"", "\"\"") + "\"";
    }

    private static boolean isAscii(String text) {
        return text.chars().allMatch(c -> c < 128);
    }

    private void condition(String sql, Object... bound) {
        where.append(where.length() == 0 ? " WHERE " : " AND ").append(sql);
        Collections.addAll(values, bound);
    }

    String countSql() {
        return "SELECT COUNT(*)" + from + where;
    }

    void bindCount(PreparedStatement statement) throws SQLException {
        bind(statement, values, 1);
    }

    /** The count of an {@link #indexOnlyCount}, of the ids from one bound to another (both included). */
    String rangeCountSql() {
        return countSql() + " AND rowid BETWEEN ? AND ?";
    }

    void bindRangeCount(PreparedStatement statement, long fromId, long toId) throws SQLException {
        int next = bind(statement, values, 1);
        statement.setLong(next++, fromId);
        statement.setLong(next, toId);
    }

    /**
     * The rows of one page. The snippet needs the text again, so its parameter comes first. A
     * cursor's key is also a range ({@code updated_at <= ?}), so that an index on
     * {@code updated_at} starts the page where the cursor points.
     */
    String pageSql(SearchPosition position) {
        StringBuilder sql = new StringBuilder("SELECT ").append(COLUMNS).append(", ")
            .append("substr(w.sections, max(1, instr(lower(w.sections), lower(?)) - ").append(SNIPPET_LEAD).append("), ")
            .append(SNIPPET_LENGTH).append(")").append(from).append(where);
        if (position.isCursor()) {
            sql.append(where.length() == 0 ? " WHERE " : " AND ")
                .append("w.updated_at <= ? AND (w.updated_at < ? OR w.id > ?)");
        }
        sql.append(" ORDER BY w.updated_at DESC, w.id LIMIT ? OFFSET ?");
        return sql.toString();
    }

    /** Binds a page of {@code pageSize} rows, of which {@code limit} are read. */
    void bindPage(PreparedStatement statement, SearchFilter filter, SearchPosition position, int pageSize, int limit)
        throws SQLException {
        // An empty needle puts the snippet at the start of the text.
        statement.setString(1, filter.text() == null ? "" : filter.text());
        int next = bind(statement, values, 2);
        if (position.isCursor()) {
            statement.setString(next++, position.afterUpdatedAt());
            statement.setString(next++, position.afterUpdatedAt());
            statement.setLong(next++, position.afterId());
        }
        statement.setInt(next++, limit);
        statement.setLong(next, position.offset(pageSize));
    }

    private static int bind(PreparedStatement statement, List<Object> values, int first) throws SQLException {
        int index = first;
        for (Object value : values) {
            statement.setObject(index++, value);
        }
        return index;
    }
}
