package com.threatlens.example.data;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The ThreatLens tables. Only primary keys: the service was written without secondary
 * indexes, so every filter that is not by id scans its table.
 */
public final class Schema {

    public static final List<String> TABLES = List.of(
            "repositories", "security_wikis", "security_index",
            "threat_documents", "analysis_sessions", "system_metrics");

    private static final List<String> CREATE_STATEMENTS = List.of(
            """
            CREATE TABLE repositories (
                id INTEGER PRIMARY KEY,
                name TEXT NOT NULL,
                url TEXT NOT NULL,
                language TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            """
            CREATE TABLE security_wikis (
                id INTEGER PRIMARY KEY,
                repo_id INTEGER NOT NULL REFERENCES repositories(id),
                title TEXT NOT NULL,
                sections TEXT NOT NULL,
                owasp_category TEXT NOT NULL,
                security_tags TEXT NOT NULL,
                severity TEXT NOT NULL,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL
            )""",
            """
            CREATE TABLE security_index (
                wiki_id INTEGER PRIMARY KEY REFERENCES security_wikis(id),
                full_text_index TEXT NOT NULL,
                threat_keywords TEXT NOT NULL,
                mitigation_keywords TEXT NOT NULL,
                owasp_keywords TEXT NOT NULL,
                security_tags TEXT NOT NULL,
                patterns TEXT NOT NULL,
                indexed_at TEXT NOT NULL
            )""",
            """
            CREATE TABLE threat_documents (
                id INTEGER PRIMARY KEY,
                repo_id INTEGER NOT NULL REFERENCES repositories(id),
                wiki_id INTEGER NOT NULL REFERENCES security_wikis(id),
                title TEXT NOT NULL,
                content TEXT NOT NULL,
                threat_level TEXT NOT NULL,
                created_at TEXT NOT NULL
            )""",
            """
            CREATE TABLE analysis_sessions (
                id INTEGER PRIMARY KEY,
                repo_id INTEGER NOT NULL REFERENCES repositories(id),
                status TEXT NOT NULL,
                started_at TEXT NOT NULL,
                finished_at TEXT,
                findings_count INTEGER NOT NULL
            )""",
            """
            CREATE TABLE system_metrics (
                id INTEGER PRIMARY KEY,
                metric_name TEXT NOT NULL,
                metric_value REAL NOT NULL,
                recorded_at TEXT NOT NULL
            )""");

    private Schema() {
    }

    public static void create(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : CREATE_STATEMENTS) {
                statement.execute(sql);
            }
        }
    }
}
