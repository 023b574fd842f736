package com.threatlens.agent.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.math.BigDecimal;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * Which prepared statements have a point shape, and with which candidate key columns and
 * parameter indexes. Whether a candidate is the primary key is the schema's to say (see the
 * cache's RowInvalidationTest); here the text alone is judged.
 */
class PointShapeTest {

    private static String shape(String sql) {
        PointShape shape = PointShape.of(sql, StatementIdentity.of(sql));
        return shape == null ? null : shape.toString();
    }

    @Test
    void key_equals_parameter_is_a_point_read() {
        assertEquals("READ wikis id=?1", shape("SELECT title FROM wikis WHERE id = ?"));
    }

    @Test
    void parameter_equals_key_is_one_too() {
        assertEquals("READ wikis id=?1", shape("SELECT title FROM wikis WHERE ? = id"));
    }

    @Test
    void other_terms_anded_with_it_keep_it_a_point_read_and_are_candidates_too() {
        assertEquals("READ wikis repo_id=?1 id=?2",
            shape("SELECT title FROM wikis WHERE repo_id = ? AND id = ? AND (title LIKE 'a%' OR title IS NULL)"));
    }

    @Test
    void an_or_at_the_top_of_the_where_makes_it_none() {
        assertNull(shape("SELECT title FROM wikis WHERE id = ? OR id = ?"));
        assertNull(shape("SELECT title FROM wikis WHERE (id = ? OR title = ?)"));
    }

    @Test
    void a_join_makes_it_none() {
        assertNull(shape("SELECT w.title FROM wikis w JOIN repos r ON r.id = w.repo_id WHERE w.id = ?"));
        assertNull(shape("SELECT w.title FROM wikis w, repos r WHERE w.id = ?"));
    }

    @Test
    void a_subquery_anywhere_makes_it_none() {
        assertNull(shape("SELECT title FROM wikis WHERE id = ? AND repo_id IN (SELECT id FROM repos)"));
        assertNull(shape("SELECT (SELECT count(*) FROM repos), title FROM wikis WHERE id = ?"));
        assertNull(shape("UPDATE wikis SET title = (SELECT name FROM repos WHERE id = 1) WHERE id = ?"));
    }

    @Test
    void a_compound_select_or_a_cte_makes_it_none() {
        assertNull(shape("SELECT title FROM wikis WHERE id = ? UNION SELECT name FROM repos WHERE id = ?"));
        assertNull(shape("WITH w AS (SELECT * FROM wikis) SELECT title FROM w WHERE id = ?"));
    }

    @Test
    void a_column_compared_to_a_literal_or_an_expression_is_no_candidate() {
        assertEquals("READ wikis title=?1", shape("SELECT title FROM wikis WHERE id = 5 AND title = ?"));
        assertNull(shape("SELECT title FROM wikis WHERE id = ? + 1"));
        assertNull(shape("SELECT title FROM wikis WHERE id > ?"));
    }

    @Test
    void numbered_or_named_parameters_make_it_none() {
        assertNull(shape("SELECT title FROM wikis WHERE id = ?1"));
        assertNull(shape("SELECT title FROM wikis WHERE id = :id"));
    }

    @Test
    void quoted_identifiers_and_case_do_not_matter() {
        assertEquals("READ wikis id=?1", shape("select \"Title\" from \"WIKIS\" where \"ID\" = ?"));
        assertEquals("READ wikis id=?1", shape("SELECT title FROM `Wikis` w WHERE `w`.Id = ?"));
        assertEquals("READ wikis id=?1", shape("SELECT title FROM main.wikis WHERE wikis.id = ?"));
    }

    @Test
    void a_column_of_another_qualifier_is_no_candidate() {
        assertNull(shape("SELECT title FROM wikis w WHERE x.id = ?"));
    }

    @Test
    void the_parameter_index_counts_the_parameters_before_it() {
        assertEquals("WRITE wikis id=?3 set [sections, title]",
            shape("UPDATE wikis SET title = ?, sections = 'a ? b' || ? WHERE id = ?"));
    }

    @Test
    void an_update_names_the_columns_it_assigns_so_that_one_assigning_the_key_stays_table_level() {
        PointShape shape = PointShape.of("UPDATE wikis SET id = ? WHERE id = ?",
            StatementIdentity.of("UPDATE wikis SET id = ? WHERE id = ?"));
        assertEquals(Set.of("id"), shape.assigned());
        assertEquals(2, shape.parameter(0));
    }

    @Test
    void update_or_replace_and_update_from_are_none() {
        assertNull(shape("UPDATE OR REPLACE wikis SET slug = ? WHERE id = ?"));
        assertNull(shape("UPDATE wikis SET title = r.name FROM repos r WHERE wikis.id = ?"));
    }

    @Test
    void a_delete_by_key_is_a_point_write() {
        assertEquals("WRITE wikis id=?1", shape("DELETE FROM wikis WHERE id = ?"));
        assertNull(shape("DELETE FROM wikis WHERE id IN (?, ?)"));
    }

    @Test
    void an_insert_with_its_columns_listed_names_the_parameter_of_each() {
        assertEquals("INSERT wikis id=?1 title=?2", shape("INSERT INTO wikis (id, title) VALUES (?, ?)"));
        assertEquals("INSERT wikis title=?1", shape("INSERT INTO wikis (title, created) VALUES (?, datetime('now'))"));
        // The parser does not read SQLite's INSERT OR ...: table-level.
        assertNull(shape("INSERT OR IGNORE INTO wikis (title) VALUES (?)"));
    }

    @Test
    void an_insert_whose_row_keys_are_unknown_is_a_plain_insert_without_candidates() {
        assertEquals("INSERT wikis", shape("INSERT INTO wikis VALUES (?, ?)"));
        assertEquals("INSERT wikis", shape("INSERT INTO wikis (id, title) VALUES (?, ?), (?, ?)"));
        // Two tables: table-level.
        assertNull(shape("INSERT INTO wikis (id, title) SELECT id, name FROM repos WHERE id = ?"));
    }

    @Test
    void replace_and_upserts_are_none() {
        assertNull(shape("REPLACE INTO wikis (id, title) VALUES (?, ?)"));
        assertNull(shape("INSERT OR REPLACE INTO wikis (id, title) VALUES (?, ?)"));
        assertNull(shape("INSERT INTO wikis (id, title) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET title = excluded.title"));
    }

    @Test
    void statements_without_parameters_ddl_and_other_databases_are_none() {
        assertNull(shape("SELECT title FROM wikis WHERE id = 5"));
        assertNull(shape("CREATE TABLE t (id INTEGER PRIMARY KEY)"));
        // Named as the statement's identity names it: no schema read by the cache has such a table.
        assertEquals("READ aux.wikis id=?1", shape("SELECT title FROM aux.wikis WHERE id = ?"));
    }

    @Test
    void every_form_of_one_number_is_one_key_and_other_values_have_none() {
        Object five = RowKey.canonical(5L);
        for (Object same : new Object[] {5, (short) 5, (byte) 5, 5.0, 5.0f, "5", " 5 ", "5.0", "5e0", new BigDecimal("5.00"),
            java.math.BigInteger.valueOf(5)}) {
            assertEquals(five, RowKey.canonical(same), "form " + same + " (" + same.getClass().getSimpleName() + ")");
        }
        assertEquals(RowKey.canonical(5.5), RowKey.canonical("5.5"));
        assertEquals(RowKey.canonical(5.5), RowKey.canonical(new BigDecimal("5.50")));
        assertEquals(RowKey.canonical(Long.MIN_VALUE), RowKey.canonical(-0x1p63));
        assertEquals("threat-model", RowKey.canonical("threat-model"));
        assertNull(RowKey.canonical(null));
        assertNull(RowKey.canonical(new byte[] {5}));
        assertNull(RowKey.canonical(Double.NaN));
        assertNull(RowKey.canonical(true));
    }
}
