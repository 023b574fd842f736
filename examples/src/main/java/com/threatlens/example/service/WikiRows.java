package com.threatlens.example.service;

import com.threatlens.example.data.SecurityTags;
import com.threatlens.example.model.Wiki;
import com.threatlens.example.model.WikiSummary;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Maps {@code security_wikis} rows, selected with the column lists below, to model records. */
final class WikiRows {

    static final String WIKI_COLUMNS =
            "id, repo_id, title, sections, owasp_category, severity, security_tags, created_at, updated_at";
    static final String SUMMARY_COLUMNS =
            "id, repo_id, title, owasp_category, severity, security_tags, created_at, updated_at";

    private WikiRows() {
    }

    static Wiki wiki(ResultSet row) throws SQLException {
        return new Wiki(
                row.getLong("id"),
                row.getLong("repo_id"),
                row.getString("title"),
                row.getString("sections"),
                row.getString("owasp_category"),
                row.getString("severity"),
                SecurityTags.fromColumn(row.getString("security_tags")),
                row.getString("created_at"),
                row.getString("updated_at"));
    }

    static WikiSummary summary(ResultSet row) throws SQLException {
        return new WikiSummary(
                row.getLong("id"),
                row.getLong("repo_id"),
                row.getString("title"),
                row.getString("owasp_category"),
                row.getString("severity"),
                SecurityTags.fromColumn(row.getString("security_tags")),
                row.getString("created_at"),
                row.getString("updated_at"));
    }
}
