package com.threatlens.agent.advisor;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import com.threatlens.agent.jdbc.StatementIdentity;

/**
 * A real SQLite file shaped like ThreatLens's (primary keys only), with enough rows for the
 * planner to prefer an index: 200 repositories, 20,000 wikis, 5,000 analysis sessions and an
 * FTS5 table.
 */
final class AdvisorDatabase {

    private AdvisorDatabase() {
    }

    static Path create(Path directory) throws SQLException {
        Path file = directory.resolve("advisor.db");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("CREATE TABLE repositories (id INTEGER PRIMARY KEY, name TEXT NOT NULL, language TEXT NOT NULL)");
            statement.execute("CREATE TABLE security_wikis (id INTEGER PRIMARY KEY, repo_id INTEGER NOT NULL, title TEXT NOT NULL,"
                + " sections TEXT NOT NULL, owasp_category TEXT NOT NULL, security_tags TEXT NOT NULL, severity TEXT NOT NULL,"
                + " created_at TEXT NOT NULL, updated_at TEXT NOT NULL)");
            statement.execute("CREATE TABLE analysis_sessions (id INTEGER PRIMARY KEY, repo_id INTEGER NOT NULL,"
                + " status TEXT NOT NULL, started_at TEXT NOT NULL, findings_count INTEGER NOT NULL)");
            statement.execute("CREATE VIRTUAL TABLE wiki_fts USING fts5(title, body)");
            statement.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)"
                + " INSERT INTO repositories SELECT i, 'repo-' || i, CASE i % 4 WHEN 0 THEN 'java' WHEN 1 THEN 'go'"
                + " WHEN 2 THEN 'rust' ELSE 'python' END FROM n");
            statement.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)"
                + " INSERT INTO security_wikis SELECT i, 1 + i % 200, 'wiki ' || i || ' about injection', 'sections ' || i,"
                + " 'A0' || (i % 10), 'tag' || (i % 50) || ',tag' || (i % 7), CASE i % 4 WHEN 0 THEN 'low' WHEN 1 THEN 'medium'"
                + " WHEN 2 THEN 'high' ELSE 'critical' END, datetime(1600000000 + i * 3000, 'unixepoch'),"
                + " datetime(1600000000 + i * 3600, 'unixepoch') FROM n");
            statement.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)"
                + " INSERT INTO analysis_sessions SELECT i, 1 + i % 200, CASE i % 3 WHEN 0 THEN 'done' ELSE 'running' END,"
                + " datetime(1600000000 + i * 7200, 'unixepoch'), i % 17 FROM n");
            statement.execute("INSERT INTO wiki_fts SELECT title, sections FROM security_wikis WHERE id <= 500");
        }
        return file;
    }

    /** A statement as the statistics would hand it over: called often enough to pass any threshold. */
    static ObservedStatement observed(String sql) {
        String upper = sql.stripLeading().toUpperCase(java.util.Locale.ROOT);
        boolean analyzable = upper.startsWith("SELECT") || upper.startsWith("UPDATE") || upper.startsWith("DELETE")
            || upper.startsWith("WITH");
        boolean write = upper.startsWith("UPDATE") || upper.startsWith("DELETE") || upper.startsWith("INSERT");
        return new ObservedStatement(StatementIdentity.idOf(sql), sql, write, analyzable,
            StatementIdentity.of(sql).tables(), 100, 1_000, 10, 20, 0);
    }

    static List<ObservedStatement> observed(List<String> sql) {
        return sql.stream().map(AdvisorDatabase::observed).toList();
    }
}
