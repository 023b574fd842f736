package com.threatlens.agent.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.threatlens.agent.testing.PlainDatabaseAccess;
import com.threatlens.agent.tasks.TaskContext;
import com.threatlens.agent.tasks.TaskFailure;
import com.threatlens.sidecar.advisor.IndexUse;
import com.threatlens.sidecar.advisor.StatementAnalysis;

/**
 * What the advisor must never do to the application's database, and how it copes with statements
 * it cannot read: on a real SQLite file, with the application's own connection open beside it.
 */
class AnalysisSafetyTest {

    private static final String BY_REPO = "SELECT * FROM security_wikis WHERE repo_id = ?";
    private static final String BY_TIME = "SELECT * FROM analysis_sessions WHERE started_at >= ?";

    @TempDir
    Path directory;
    Path file;

    @BeforeEach
    void createDatabase() throws Exception {
        file = AdvisorDatabase.create(directory);
    }

    private IndexAnalysis.Result analyze(List<String> sql) throws Exception {
        return IndexAnalysis.run("jdbc:sqlite:" + file, new PlainDatabaseAccess("jdbc:sqlite:" + file),
            "jdbc:sqlite:" + file, AdvisorDatabase.observed(sql), 1, 0);
    }

    @Test
    void analysis_writes_nothing_to_the_application_database() throws Exception {
        try (Connection application = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            long dataVersion = dataVersion(application);
            long size = Files.size(file);
            long modified = Files.getLastModifiedTime(file).toMillis();
            List<String> indexes = indexNames(application);

            IndexAnalysis.Result result = analyze(List.of(BY_REPO, BY_TIME,
                "SELECT owasp_category, COUNT(*) FROM security_wikis WHERE updated_at >= ? GROUP BY owasp_category"));

            assertEquals(3, result.proposals().size(), () -> result.statements().toString());
            assertEquals(dataVersion, dataVersion(application), "no other connection committed");
            assertEquals(size, Files.size(file));
            assertEquals(modified, Files.getLastModifiedTime(file).toMillis());
            assertEquals(indexes, indexNames(application), "no candidate index was created in the application's database");
            assertFalse(Files.exists(directory.resolve("advisor.db-journal")));
        }
    }

    @Test
    void a_statement_that_cannot_be_parsed_or_planned_is_reported_and_the_others_are_analyzed() throws Exception {
        String unparseable = "SELECT * FROM security_wikis WHERE title GLOB ? AND severity = ?";
        String unplannable = "SELECT * FROM no_such_table WHERE x = ?";

        IndexAnalysis.Result result = analyze(List.of(unparseable, BY_REPO, unplannable, BY_TIME));

        assertEquals(List.of("security_wikis(repo_id)", "analysis_sessions(started_at)"), result.proposals().stream()
            .map(proposal -> proposal.definition.toString()).sorted(java.util.Comparator.reverseOrder()).toList());
        Map<String, StatementAnalysis> bySql = new java.util.HashMap<>();
        result.statements().forEach(one -> bySql.put(one.sql(), one));
        assertEquals("not_analyzable", bySql.get(unparseable).status());
        assertEquals("plan_failed", bySql.get(unplannable).status());
        assertTrue(bySql.get(unplannable).reason().contains("no_such_table"), bySql.get(unplannable)::toString);
        assertEquals("analyzed", bySql.get(BY_REPO).status());
    }

    @Test
    void candidates_an_existing_index_or_its_prefix_serves_are_not_proposed() throws Exception {
        execute("CREATE INDEX wide ON security_wikis (repo_id, severity, updated_at)");

        IndexAnalysis.Result result = analyze(List.of(BY_REPO, "SELECT * FROM security_wikis WHERE repo_id = ? AND severity = ?"));

        assertTrue(result.proposals().isEmpty(), () -> result.proposals().get(0).definition.toString());
        assertTrue(result.indexUsers().containsKey("wide"), result.indexUsers()::toString);
    }

    @Test
    void unused_and_redundant_indexes_are_reported_never_dropped() throws Exception {
        execute("CREATE INDEX short ON security_wikis (repo_id)");
        execute("CREATE INDEX long ON security_wikis (repo_id, updated_at)");
        execute("CREATE INDEX idle ON analysis_sessions (status)");

        IndexAnalysis.Result result = analyze(List.of("SELECT * FROM security_wikis WHERE repo_id = ? ORDER BY updated_at"));
        Map<String, IndexUse> uses = new java.util.HashMap<>();
        IndexUsage.of(result).forEach(use -> uses.put(use.name(), use));

        assertTrue(uses.get("long").used(), uses::toString);
        assertFalse(uses.get("idle").used(), uses::toString);
        assertEquals("long", uses.get("short").redundantWith());
        assertNull(uses.get("long").redundantWith());
        try (Connection application = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            assertEquals(List.of("idle", "long", "short"), indexNames(application));
        }
    }

    @Test
    void applying_creates_the_indexes_and_the_planner_then_searches() throws Exception {
        IndexAnalysis.Result result = analyze(List.of(BY_REPO, BY_TIME));
        List<String> outcomes = new ArrayList<>();

        String summary = IndexApplier.apply("db", new PlainDatabaseAccess("jdbc:sqlite:" + file), "jdbc:sqlite:" + file, result.proposals().stream().map(p -> p.definition).toList(),
            java.time.Duration.ofSeconds(5), new NoContext(), (index, error) -> outcomes.add(index.name() + " " + error));

        assertTrue(summary.startsWith("2 indexes created"), summary);
        assertEquals(List.of("idx_security_wikis_repo_id null", "idx_analysis_sessions_started_at null"), outcomes);
        // The planner gets the statistics the proof assumed (older SQLite versions' PRAGMA optimize
        // leaves new indexes without them; the optimize task analyzes each new index itself).
        assertEquals(List.of("CREATE INDEX IF NOT EXISTS \"idx_analysis_sessions_started_at\" ON \"analysis_sessions\" (\"started_at\")",
                "PRAGMA analysis_limit = 1000", "ANALYZE \"idx_analysis_sessions_started_at\"", "PRAGMA optimize",
                "PRAGMA wal_checkpoint(PASSIVE)"),
            IndexApplier.statements(List.of(new IndexDefinition("analysis_sessions", List.of(IndexColumn.ascending("started_at"))))));
        try (Connection application = DriverManager.getConnection("jdbc:sqlite:" + file);
             java.sql.Statement statement = application.createStatement();
             java.sql.ResultSet rows = statement.executeQuery("SELECT idx FROM sqlite_stat1 ORDER BY idx")) {
            List<String> analyzed = new ArrayList<>();
            while (rows.next()) {
                analyzed.add(rows.getString(1));
            }
            assertTrue(analyzed.containsAll(List.of("idx_analysis_sessions_started_at", "idx_security_wikis_repo_id")),
                analyzed::toString);
        }
        IndexAnalysis.Result after = analyze(List.of(BY_REPO, BY_TIME));
        assertTrue(after.proposals().isEmpty());
        for (StatementAnalysis statement : after.statements()) {
            assertEquals("no_problem", statement.status(), statement::toString);
            assertTrue(statement.planBefore().get(0).startsWith("SEARCH"), statement::toString);
        }
    }

    @Test
    void an_index_whose_column_is_gone_fails_and_leaves_the_database_as_it_was() throws Exception {
        IndexDefinition vanished = new IndexDefinition("security_wikis", List.of(IndexColumn.ascending("no_such_column")));
        List<String> errors = new ArrayList<>();
        try (Connection application = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            List<String> before = indexNames(application);

            TaskFailure failure = assertThrows(TaskFailure.class, () -> IndexApplier.apply("db", new PlainDatabaseAccess("jdbc:sqlite:" + file), "jdbc:sqlite:" + file,
                List.of(vanished), java.time.Duration.ofSeconds(5), new NoContext(), (index, error) -> errors.add(error)));

            assertFalse(failure.isRetryable());
            assertEquals(List.of("its table or a column no longer exists"), errors);
            assertEquals(before, indexNames(application));
        }
    }

    @Test
    void the_threatlens_profile_applies_where_its_tables_exist_and_no_index_serves_it() throws Exception {
        execute("CREATE INDEX by_repo_and_title ON security_wikis (repo_id, title, severity)");

        IndexAnalysis.Result result = analyze(List.of(BY_REPO));

        assertEquals(List.of("security_wikis(updated_at DESC)"),
            ThreatLensProfile.applicable(result.schema()).stream().map(IndexDefinition::toString).toList(),
            "security_index does not exist here; (repo_id, title) is served by an existing index");
    }

    @Test
    void identifiers_in_the_ddl_are_quoted() {
        IndexDefinition odd = new IndexDefinition("we\"ird", List.of(new IndexColumn("a b", true, false)));

        assertEquals("CREATE INDEX IF NOT EXISTS \"idx_we_ird_a_b_desc\" ON \"we\"\"ird\" (\"a b\" DESC)", odd.createSql());
    }

    private void execute(String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long dataVersion(Connection connection) throws Exception {
        try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("PRAGMA data_version")) {
            row.next();
            return row.getLong(1);
        }
    }

    private static List<String> indexNames(Connection connection) throws Exception {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'index' ORDER BY name")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static final class NoContext implements TaskContext {
        @Override
        public int attempt() {
            return 1;
        }

        @Override
        public void progress(int percent) {
            // nobody watches in this test
        }
    }
}
