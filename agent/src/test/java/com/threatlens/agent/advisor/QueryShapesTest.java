package com.threatlens.agent.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.threatlens.agent.testing.PlainDatabaseAccess;
import com.threatlens.sidecar.advisor.StatementAnalysis;

/**
 * Query shapes against a real SQLite file, each with the index the advisor must recommend (proven
 * by SQLite's planner) or the reason it must give for recommending none.
 */
class QueryShapesTest {

    @TempDir
    static Path directory;
    static Path database;

    @BeforeAll
    static void createDatabase() throws Exception {
        database = AdvisorDatabase.create(directory);
    }

    static Stream<Arguments> recommended() {
        return Stream.of(
            Arguments.of("equality", "SELECT * FROM security_wikis WHERE repo_id = ?", "security_wikis(repo_id)"),
            Arguments.of("two-column equality", "SELECT * FROM security_wikis WHERE repo_id = ? AND severity = ?",
                "security_wikis(repo_id, severity)"),
            Arguments.of("range", "SELECT * FROM security_wikis WHERE updated_at >= ?", "security_wikis(updated_at)"),
            Arguments.of("between", "SELECT * FROM security_wikis WHERE updated_at BETWEEN ? AND ?",
                "security_wikis(updated_at)"),
            Arguments.of("equality and range", "SELECT * FROM security_wikis WHERE owasp_category = ? AND updated_at >= ?",
                "security_wikis(owasp_category, updated_at)"),
            Arguments.of("equality and ORDER BY DESC", "SELECT * FROM security_wikis WHERE repo_id = ? ORDER BY updated_at DESC",
                "security_wikis(repo_id, updated_at DESC)"),
            Arguments.of("ORDER BY DESC with LIMIT", "SELECT * FROM security_wikis ORDER BY updated_at DESC LIMIT 20",
                "security_wikis(updated_at DESC)"),
            Arguments.of("listing page", "SELECT id, title FROM security_wikis WHERE repo_id = ? ORDER BY updated_at DESC, id LIMIT ? OFFSET ?",
                "security_wikis(repo_id, updated_at DESC, id"),
            Arguments.of("GROUP BY", "SELECT owasp_category, COUNT(*) FROM security_wikis GROUP BY owasp_category",
                "security_wikis(owasp_category)"),
            Arguments.of("IN list", "SELECT * FROM security_wikis WHERE repo_id IN (1, 2, 3)", "security_wikis(repo_id)"),
            Arguments.of("OR on one column", "SELECT * FROM security_wikis WHERE repo_id = 1 OR repo_id = 2",
                "security_wikis(repo_id)"),
            Arguments.of("LIKE prefix", "SELECT * FROM security_wikis WHERE title LIKE 'wiki 12%'",
                "security_wikis(title COLLATE NOCASE)"),
            Arguments.of("join, inner table's join column",
                "SELECT w.title, r.name FROM repositories r JOIN security_wikis w ON w.repo_id = r.id WHERE r.language = ?",
                "security_wikis(repo_id"),
            Arguments.of("join without filter", "SELECT r.name, s.status FROM repositories r JOIN analysis_sessions s ON s.repo_id = r.id",
                "analysis_sessions(repo_id"),
            Arguments.of("IN subquery", "SELECT * FROM security_wikis WHERE repo_id IN (SELECT id FROM repositories WHERE language = ?)",
                "security_wikis(repo_id)"),
            Arguments.of("scalar subquery", "SELECT (SELECT COUNT(*) FROM analysis_sessions s WHERE s.repo_id = r.id) FROM repositories r",
                "analysis_sessions(repo_id)"),
            Arguments.of("update by a column", "UPDATE security_wikis SET title = ? WHERE repo_id = ? AND severity = ?",
                "security_wikis(repo_id, severity)"),
            Arguments.of("delete by range", "DELETE FROM analysis_sessions WHERE started_at < ?", "analysis_sessions(started_at)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recommended")
    void recommends_the_index_the_planner_proves(String shape, String sql, String expected) throws Exception {
        IndexAnalysis.Result result = analyze(sql);

        List<String> served = result.proposals().stream()
            .filter(proposal -> proposal.served.stream().anyMatch(one -> one.statement().sql().equals(sql)))
            .map(proposal -> proposal.definition.toString()).toList();
        assertTrue(served.stream().anyMatch(index -> index.startsWith(expected)),
            () -> shape + ": expected " + expected + ", got " + served + "; " + result.statements());
        for (Proposal proposal : result.proposals()) {
            for (Proposal.Served one : proposal.served) {
                assertTrue(one.planAfter().stream().anyMatch(line -> line.contains(proposal.definition.name())),
                    () -> "the plan after uses " + proposal.definition.name() + ": " + one.planAfter());
                assertTrue(one.rowsAfter() < one.rowsBefore() || !one.planBefore().equals(one.planAfter()), one::toString);
            }
        }
    }

    static Stream<Arguments> noUsefulIndex() {
        return Stream.of(
            Arguments.of("infix LIKE", "SELECT * FROM security_wikis WHERE title LIKE '%injection%'", "leading wildcard"),
            Arguments.of("LIKE with a bound pattern", "SELECT * FROM security_wikis WHERE security_tags LIKE ?",
                "bound at run time"),
            Arguments.of("function over a column", "SELECT * FROM security_wikis WHERE lower(title) = ?", "expression"),
            Arguments.of("date function over a column", "SELECT * FROM security_wikis WHERE substr(created_at, 1, 4) = ?",
                "expression"),
            Arguments.of("OR across columns", "SELECT * FROM security_wikis WHERE repo_id = ? OR severity = ?", "OR across"),
            Arguments.of("inequality", "SELECT * FROM security_wikis WHERE severity != ?", "inequality"),
            Arguments.of("NOT IN", "SELECT * FROM security_wikis WHERE repo_id NOT IN (1, 2)", "NOT IN"),
            Arguments.of("every row", "SELECT security_tags FROM security_wikis", "reads every row"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("noUsefulIndex")
    void says_why_no_index_helps(String shape, String sql, String reason) throws Exception {
        IndexAnalysis.Result result = analyze(sql);

        assertTrue(result.proposals().isEmpty(), () -> shape + ": " + result.proposals().get(0).definition);
        StatementAnalysis analysis = only(result);
        assertEquals("no_useful_index", analysis.status(), analysis::toString);
        assertTrue(analysis.reason().contains(reason), analysis::toString);
        assertTrue(analysis.planBefore().stream().anyMatch(line -> line.startsWith("SCAN")), analysis::toString);
    }

    static Stream<Arguments> notAnalyzable() {
        return Stream.of(
            Arguments.of("FTS5 MATCH", "SELECT * FROM security_wikis WHERE severity = ? AND title IN"
                + " (SELECT title FROM wiki_fts WHERE wiki_fts MATCH ?)"),
            Arguments.of("NOT INDEXED", "SELECT * FROM security_wikis NOT INDEXED WHERE repo_id = ?"),
            Arguments.of("GLOB", "SELECT * FROM security_wikis WHERE title GLOB ? AND severity = ?"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notAnalyzable")
    void reports_what_it_cannot_read_instead_of_guessing(String shape, String sql) throws Exception {
        IndexAnalysis.Result result = analyze(sql);

        assertTrue(result.proposals().isEmpty(), () -> shape + ": " + result.proposals().get(0).definition);
        StatementAnalysis analysis = only(result);
        assertEquals("not_analyzable", analysis.status(), analysis::toString);
        assertTrue(analysis.reason().startsWith("the SQL parser cannot read it"), analysis::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("served")
    void says_nothing_of_statements_an_index_already_serves(String shape, String sql) throws Exception {
        IndexAnalysis.Result result = analyze(sql);

        assertTrue(result.proposals().isEmpty(), () -> shape + ": " + result.proposals().get(0).definition);
        assertEquals("no_problem", only(result).status());
    }

    static Stream<Arguments> served() {
        return Stream.of(
            Arguments.of("by primary key", "SELECT * FROM security_wikis WHERE id = ?"),
            Arguments.of("rowid range", "SELECT * FROM security_wikis WHERE id > ? ORDER BY id LIMIT 10"));
    }

    private static StatementAnalysis only(IndexAnalysis.Result result) {
        assertEquals(1, result.statements().size(), () -> result.statements().toString());
        return result.statements().get(0);
    }

    static IndexAnalysis.Result analyze(String sql) throws Exception {
        return IndexAnalysis.run("jdbc:sqlite:" + database, new PlainDatabaseAccess("jdbc:sqlite:" + database),
            "jdbc:sqlite:" + database, List.of(AdvisorDatabase.observed(sql)), 1, 0);
    }
}
