package com.threatlens.agent.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.threatlens.agent.bootstrap.CacheHit;
import com.threatlens.agent.cache.FixtureService.WikiQuery;

/**
 * Row-level invalidation on a real SQLite file: a value that read one row by its primary key is
 * invalidated by writes of that row, of rows of unknown key and of the whole table, and by
 * nothing else; every other value depends on whole tables as before.
 */
class RowInvalidationTest {

    private static final String SERVICE = "com.threatlens.agent.cache.FixtureService";
    private static final String BY_ID = "SELECT title FROM wikis WHERE id = ?";

    @TempDir
    Path directory;

    private final TestEngine engine = new TestEngine();
    private Connection reader;
    private Connection writer;
    private CacheSite byQuery;

    @BeforeEach
    void createDatabase() throws SQLException {
        Path file = directory.resolve("app.db");
        reader = engine.connect(file);
        writer = engine.connect(file);
        try (Statement statement = reader.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("CREATE TABLE wikis (id INTEGER PRIMARY KEY, repo_id INTEGER, title TEXT)");
            statement.execute("CREATE TABLE slugs (slug TEXT PRIMARY KEY, wiki INTEGER)");
            statement.execute("CREATE TABLE links (wiki INTEGER, target INTEGER, note TEXT, PRIMARY KEY (wiki, target))");
            statement.execute("INSERT INTO wikis VALUES (1, 7, 'one'), (2, 7, 'two'), (3, 8, 'three')");
            statement.execute("INSERT INTO slugs VALUES ('one', 1), ('two', 2)");
            statement.execute("INSERT INTO links VALUES (1, 2, 'a'), (2, 1, 'b')");
        }
        engine.readKeys(reader);
        byQuery = engine.site("listWikis", "rule.list = " + SERVICE + "#listWikis; region=wiki");
    }

    @AfterEach
    void close() throws SQLException {
        engine.close();
    }

    /** Caches {@code sql} run with {@code parameters} under the key {@code name}. */
    private void cache(String name, String sql, Object... parameters) throws Exception {
        engine.call(byQuery, () -> engine.prepared(reader, sql, parameters), new WikiQuery(0, name));
    }

    private boolean fresh(String name) {
        Object call = engine.cache.lookup(byQuery.id, null, new Object[] {new WikiQuery(0, name)});
        if (call instanceof CacheHit) {
            return true;
        }
        assertInstanceOf(Fill.class, call);
        engine.cache.complete(call, null, new IllegalStateException("ended by the test"));
        return false;
    }

    private void write(String sql, Object... parameters) throws SQLException {
        engine.prepared(writer, sql, parameters);
    }

    @Test
    void a_point_write_of_row_1_leaves_a_point_read_of_row_2_fresh_and_makes_row_1_s_stale() throws Exception {
        cache("1", BY_ID, 1);
        cache("2", BY_ID, 2);

        write("UPDATE wikis SET title = ? WHERE id = ?", "uno", 1);

        assertEquals(false, fresh("1"));
        assertEquals(true, fresh("2"));
    }

    @Test
    void the_key_s_form_does_not_matter() throws Exception {
        cache("int", BY_ID, 1);
        cache("long", BY_ID, 2);
        cache("text", BY_ID, 3);

        write("UPDATE wikis SET title = ? WHERE id = ?", "uno", "1");
        write("DELETE FROM wikis WHERE id = ?", 2.0);
        write("UPDATE wikis SET title = ? WHERE ? = id AND repo_id = 8", "tres", 3L);

        assertEquals(false, fresh("int"));
        assertEquals(false, fresh("long"));
        assertEquals(false, fresh("text"));
    }

    @Test
    void a_range_read_goes_stale_on_any_write_of_its_table() throws Exception {
        cache("range", "SELECT title FROM wikis WHERE repo_id = ?", 7);
        cache("other", BY_ID, 3);

        write("UPDATE wikis SET title = ? WHERE id = ?", "uno", 1);

        assertEquals(false, fresh("range"));
        assertEquals(true, fresh("other"));
    }

    @Test
    void a_write_that_is_not_a_point_write_makes_every_point_read_stale() throws Exception {
        for (String sql : List.of("UPDATE wikis SET title = ? WHERE repo_id = ?", "UPDATE wikis SET id = ? WHERE id = ?",
            "UPDATE wikis SET title = ? WHERE title = ? OR id = 3")) {
            cache("2", BY_ID, 2);
            write(sql, 90, 1);
            assertEquals(false, fresh("2"), sql);
        }
        cache("2", BY_ID, 2);
        engine.update(writer, "UPDATE wikis SET title = 'literal' WHERE id = 1");
        assertEquals(false, fresh("2"), "a key written as a literal is not captured: table-level");
    }

    @Test
    void an_insert_without_its_key_makes_point_reads_stale_and_one_with_its_key_only_that_row_s() throws Exception {
        cache("missing", BY_ID, 4);
        cache("2", BY_ID, 2);
        write("INSERT INTO wikis (repo_id, title) VALUES (?, ?)", 7, "four");
        assertEquals(false, fresh("missing"), "a read that found nothing may find the new row");
        assertEquals(false, fresh("2"));

        cache("missing", BY_ID, 10);
        cache("2", BY_ID, 2);
        write("INSERT INTO wikis (id, repo_id, title) VALUES (?, ?, ?)", 10, 7, "ten");
        assertEquals(false, fresh("missing"));
        assertEquals(true, fresh("2"));

        write("INSERT INTO wikis (id, repo_id, title) VALUES (?, ?, ?)", null, 7, "null key");
        assertEquals(false, fresh("2"), "a NULL key is a new rowid");
    }

    @Test
    void replace_is_table_level() throws Exception {
        cache("2", BY_ID, 2);
        write("INSERT OR REPLACE INTO wikis (id, repo_id, title) VALUES (?, ?, ?)", 1, 7, "replaced");
        assertEquals(false, fresh("2"));
    }

    @Test
    void a_column_that_is_not_the_primary_key_or_part_of_a_composite_one_is_table_level() throws Exception {
        cache("by repo", "SELECT title FROM wikis WHERE repo_id = ?", 8);
        cache("link", "SELECT note FROM links WHERE wiki = ?", 1);
        write("UPDATE wikis SET title = ? WHERE id = ?", "uno", 1);
        write("UPDATE links SET note = ? WHERE wiki = ?", "c", 2);
        assertEquals(false, fresh("by repo"));
        assertEquals(false, fresh("link"));
    }

    @Test
    void the_rowid_names_are_the_integer_primary_key() throws Exception {
        cache("1", "SELECT title FROM wikis WHERE rowid = ?", 1);
        cache("2", "SELECT title FROM wikis WHERE _rowid_ = ?", 2);
        write("UPDATE wikis SET title = ? WHERE oid = ?", "uno", 1);
        assertEquals(false, fresh("1"));
        assertEquals(true, fresh("2"));
    }

    @Test
    void a_text_primary_key_is_a_key_too() throws Exception {
        cache("one", "SELECT wiki FROM slugs WHERE slug = ?", "one");
        cache("two", "SELECT wiki FROM slugs WHERE slug = ?", "two");
        write("UPDATE slugs SET wiki = ? WHERE slug = ?", 9, "one");
        assertEquals(false, fresh("one"));
        assertEquals(true, fresh("two"));
    }

    @Test
    void a_point_write_in_a_transaction_invalidates_its_row_at_the_commit_and_at_a_rollback() throws Exception {
        writer.setAutoCommit(false);
        cache("1", BY_ID, 1);
        cache("2", BY_ID, 2);
        write("UPDATE wikis SET title = ? WHERE id = ?", "uno", 1);
        assertEquals(false, fresh("1"), "not served while its row is being written");
        cache("1", BY_ID, 1);
        assertEquals(false, fresh("1"), "nor stored");
        assertEquals(true, fresh("2"));
        engine.commit(writer);
        cache("1", BY_ID, 1);
        assertEquals(true, fresh("1"));

        write("DELETE FROM wikis WHERE id = ?", 2);
        writer.rollback();
        engine.recorder.transactionEnded(writer);
        assertEquals(false, fresh("2"));
        assertEquals(true, fresh("1"));
    }

    @Test
    void ddl_and_writes_of_unknown_tables_make_point_reads_stale_and_keys_are_read_again() throws Exception {
        cache("1", BY_ID, 1);
        engine.update(writer, "CREATE TABLE notes (id INTEGER PRIMARY KEY)");
        assertEquals(true, fresh("1"), "DDL of another table");
        engine.update(writer, "ALTER TABLE wikis ADD COLUMN extra TEXT");
        assertEquals(false, fresh("1"));
        cache("1", BY_ID, 1);
        write("UPDATE wikis SET title = ? WHERE id = ?", "uno", 2);
        assertEquals(false, fresh("1"), "until the schema is read again, every statement is table-level");

        engine.readKeys(reader);
        cache("1", BY_ID, 1);
        write("UPDATE wikis SET title = ? WHERE id = ?", "dos", 2);
        assertEquals(true, fresh("1"));
        engine.versions.changedElsewhere(TestEngine.database(reader));
        assertEquals(false, fresh("1"));
    }

    @Test
    void with_row_invalidation_off_every_write_of_the_table_invalidates() throws Exception {
        engine.versions.rowLevel(false);
        cache("2", BY_ID, 2);
        write("UPDATE wikis SET title = ? WHERE id = ?", "uno", 1);
        assertEquals(false, fresh("2"));
    }
}
