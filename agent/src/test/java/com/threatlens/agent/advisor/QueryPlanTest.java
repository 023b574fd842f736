package com.threatlens.agent.advisor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.sqlite.SQLiteConfig;

/**
 * Plan text as SQLite versions write it: before 3.36 ({@code SCAN TABLE t}, {@code SEARCH TABLE t
 * USING ...}), after it ({@code SCAN t}), and the lines newer versions add; and the text of the
 * SQLite the agent ships, read from a real {@code EXPLAIN QUERY PLAN}.
 */
class QueryPlanTest {

    private static final List<String> T = List.of("t", "w");

    @Test
    void reads_the_text_of_sqlite_before_3_36() {
        QueryPlan plan = QueryPlan.parse(List.of("SCAN TABLE t AS w", "USE TEMP B-TREE FOR ORDER BY"));

        assertTrue(plan.scans(T));
        assertEquals(List.of("full scan of w", "temporary B-tree for order by"), plan.problems());

        QueryPlan search = QueryPlan.parse(List.of("SEARCH TABLE t USING COVERING INDEX i (a=? AND b=? AND c>?)"));
        QueryPlan.Access access = search.accesses().get(0);
        assertEquals(2, access.equalities());
        assertTrue(access.range() && access.search() && search.usesIndex("i"));
        assertFalse(search.scans(T));
    }

    @Test
    void reads_the_text_of_current_sqlite() {
        QueryPlan plan = QueryPlan.parse(List.of("SCAN t", "SEARCH u USING AUTOMATIC COVERING INDEX (x=?)",
            "BLOOM FILTER ON u (x=?)", "USE TEMP B-TREE FOR LAST TERM OF ORDER BY", "SCAN CONSTANT ROW",
            "SCAN v VIRTUAL TABLE INDEX 0:", "SEARCH r USING INTEGER PRIMARY KEY (rowid=?)", "CORRELATED SCALAR SUBQUERY 1",
            "SCAN t USING INDEX by_time"));

        assertEquals(List.of("full scan of t", "automatic index on u built for every execution",
            "temporary B-tree for last term of order by"), plan.problems());
        assertTrue(plan.accessesOf(List.of("r")).get(0).rowid());
        assertTrue(plan.accessesOf(List.of("v")).isEmpty(), "a virtual table's own index is not ours to judge");
        assertTrue(plan.usesIndex("by_time"));
    }

    @Test
    void reads_the_plans_of_the_sqlite_the_agent_ships() throws Exception {
        try (Connection connection = new SQLiteConfig().createConnection("jdbc:sqlite::memory:");
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, a TEXT, b TEXT)");
            statement.execute("CREATE INDEX t_a ON t (a)");

            QueryPlan scan = QueryPlan.explain(connection, "SELECT * FROM t WHERE b > ? ORDER BY b");
            QueryPlan search = QueryPlan.explain(connection, "SELECT * FROM t w WHERE a = ? AND id > ?");

            assertEquals(List.of("full scan of t", "temporary B-tree for order by"), scan.problems(), scan.lines()::toString);
            assertTrue(search.usesIndex("t_a"), search.lines()::toString);
            assertEquals(1, search.accessesOf(List.of("t", "w")).get(0).equalities(), search.lines()::toString);
            assertTrue(search.problems().isEmpty(), search.lines()::toString);
        }
    }
}
