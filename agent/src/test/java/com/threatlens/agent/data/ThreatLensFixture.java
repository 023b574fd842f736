package com.threatlens.agent.data;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import com.threatlens.agent.pool.DatabaseAccess;
import com.threatlens.agent.testing.PlainDatabaseAccess;

/**
 * A real SQLite file with the ThreatLens tables the search and analytics read, filled with seeded
 * random rows whose text holds what a search must take literally ({@code %}, {@code _}, quotes,
 * a backslash, non-ASCII letters) and whose timestamps collide often (ties broken by id). Its
 * {@link #access()} opens plain connections of the test's sqlite-jdbc.
 */
public final class ThreatLensFixture {

    public static final List<String> CATEGORIES = List.of("A01", "A02", "A03", "A05", "A07");
    public static final List<String> SEVERITIES = List.of("low", "medium", "high", "critical");
    public static final List<String> TAGS = List.of("sqli", "xss", "auth", "crypto", "csrf", "ssrf", "xss-stored");
    public static final List<String> STATUSES = List.of("completed", "failed", "running");
    private static final List<String> WORDS = List.of("SQL injection", "cross-site scripting", "prepared statements",
        "100% safe", "under_score", "back\\slash", "O'Reilly", "\"quoted\"", "Überprüfung", "token", "session",
        "password hashing", "input validation", "login", "CSRF token", "deserialization");

    private final Path file;
    private final String url;
    private final Random random = new Random(42);
    private int nextWikiId = 1;

    private ThreatLensFixture(Path file) {
        this.file = file;
        this.url = "jdbc:sqlite:" + file;
    }

    /** Creates the tables and {@code wikis} wikis over {@code repositories} repositories. */
    public static ThreatLensFixture create(Path directory, int repositories, int wikis) throws SQLException {
        ThreatLensFixture fixture = new ThreatLensFixture(directory.resolve("threatlens.db"));
        try (Connection connection = DriverManager.getConnection(fixture.url); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("CREATE TABLE repositories (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
            statement.execute("CREATE TABLE security_wikis (id INTEGER PRIMARY KEY, repo_id INTEGER NOT NULL, "
                + "title TEXT NOT NULL, sections TEXT NOT NULL, owasp_category TEXT NOT NULL, security_tags TEXT NOT NULL, "
                + "severity TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)");
            statement.execute("CREATE TABLE analysis_sessions (id INTEGER PRIMARY KEY, repo_id INTEGER NOT NULL, "
                + "status TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT, findings_count INTEGER NOT NULL)");
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO repositories VALUES (?, ?)")) {
                for (int id = 1; id <= repositories; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, "repo-" + id);
                    insert.executeUpdate();
                }
            }
            for (int i = 0; i < wikis; i++) {
                fixture.insertWiki(connection, 1 + fixture.random.nextInt(repositories), fixture.timestamp());
            }
            try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO analysis_sessions (repo_id, status, started_at, finished_at, findings_count) VALUES (?, ?, ?, ?, ?)")) {
                for (int i = 0; i < wikis / 2; i++) {
                    String status = fixture.pick(STATUSES);
                    String started = fixture.timestamp();
                    insert.setInt(1, 1 + fixture.random.nextInt(repositories));
                    insert.setString(2, status);
                    insert.setString(3, started);
                    insert.setString(4, status.equals("running") ? null : started.substring(0, 14) + "59:59Z");
                    insert.setInt(5, fixture.random.nextInt(20));
                    insert.executeUpdate();
                }
            }
            connection.commit();
        }
        return fixture;
    }

    public String url() {
        return url;
    }

    public Path file() {
        return file;
    }

    public Connection open() throws SQLException {
        return DriverManager.getConnection(url);
    }

    /** Inserts one wiki updated at {@code updatedAt}; returns its id. */
    public long insertWiki(Connection connection, int repoId, String updatedAt) throws SQLException {
        int id = nextWikiId++;
        StringBuilder sections = new StringBuilder();
        for (int i = 0; i < 3 + random.nextInt(6); i++) {
            sections.append(pick(WORDS)).append(random.nextBoolean() ? ". " : " and ");
        }
        List<String> tags = new ArrayList<>();
        for (String tag : TAGS) {
            if (random.nextInt(3) == 0) {
                tags.add(tag);
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO security_wikis VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setInt(1, id);
            insert.setInt(2, repoId);
            insert.setString(3, pick(WORDS) + " in " + pick(WORDS));
            insert.setString(4, sections.toString());
            insert.setString(5, pick(CATEGORIES));
            insert.setString(6, String.join(",", tags));
            insert.setString(7, pick(SEVERITIES));
            insert.setString(8, updatedAt.compareTo("2026-06-01") < 0 ? updatedAt : "2026-06-01T00:00:00Z");
            insert.setString(9, updatedAt);
            insert.executeUpdate();
        }
        return id;
    }

    /** One of a few dozen timestamps over 2026, so that many wikis share one. */
    private String timestamp() {
        return String.format("2026-%02d-%02dT%02d:00:00Z", 1 + random.nextInt(11), 1 + random.nextInt(28),
            random.nextInt(3) * 8);
    }

    private <T> T pick(List<T> values) {
        return values.get(random.nextInt(values.size()));
    }

    /** Access as the agent has it, through plain connections: read-only for reads. */
    public DatabaseAccess access() {
        return new PlainDatabaseAccess(url);
    }
}
