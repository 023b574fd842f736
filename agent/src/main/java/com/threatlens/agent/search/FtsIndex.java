package com.threatlens.agent.search;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The full-text index of wiki titles and text: an FTS5 table with the trigram tokenizer (which
 * matches any substring of three characters or more, as {@code LIKE '%text%'} does), holding no
 * copy of the text ({@code content='security_wikis'}), and three triggers that keep it in step with
 * every insert, update and delete of a wiki, in the writer's own transaction; and an index of wikis
 * by {@code updated_at}, the order of results.
 *
 * <p>Built only when {@code search.fts=true}: it adds a table and triggers to the application's
 * database, and the build holds the database's write lock while it indexes every wiki.
 */
final class FtsIndex {

    static final String TABLE = "threatlens_wiki_fts";
    static final List<String> TRIGGERS = List.of(TABLE + "_ai", TABLE + "_ad", TABLE + "_au");
    /**
     * The order of results, as an index (the seed's own {@code idx_security_wikis_updated_desc}): a
     * search whose text most wikis contain then reads wikis in order and stops after one page.
     */
    static final String ORDER_INDEX = "idx_security_wikis_updated_desc";

    private static final List<String> BUILD = List.of(
        "CREATE VIRTUAL TABLE IF NOT EXISTS " + TABLE
            + " USING fts5(title, sections, content='security_wikis', content_rowid='id', tokenize='trigram')",
        "CREATE TRIGGER IF NOT EXISTS " + TABLE + "_ai AFTER INSERT ON security_wikis BEGIN "
            + "INSERT INTO " + TABLE + "(rowid, title, sections) VALUES (new.id, new.title, new.sections); END",
        "CREATE TRIGGER IF NOT EXISTS " + TABLE + "_ad AFTER DELETE ON security_wikis BEGIN "
            + "INSERT INTO " + TABLE + "(" + TABLE + ", rowid, title, sections) "
            + "VALUES ('delete', old.id, old.title, old.sections); END",
        "CREATE TRIGGER IF NOT EXISTS " + TABLE + "_au AFTER UPDATE ON security_wikis BEGIN "
            + "INSERT INTO " + TABLE + "(" + TABLE + ", rowid, title, sections) "
            + "VALUES ('delete', old.id, old.title, old.sections); "
            + "INSERT INTO " + TABLE + "(rowid, title, sections) VALUES (new.id, new.title, new.sections); END",
        "INSERT INTO " + TABLE + "(" + TABLE + ") VALUES ('rebuild')",
        "CREATE INDEX IF NOT EXISTS " + ORDER_INDEX + " ON security_wikis(updated_at DESC)");

    private FtsIndex() {
    }

    /**
     * Whether the index, all its triggers and the order index are there: without a trigger the
     * index could be out of date.
     */
    static boolean exists(Connection connection) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM sqlite_schema "
            + "WHERE (type = 'table' AND name = ?) OR (type = 'trigger' AND name IN (?, ?, ?)) OR (type = 'index' AND name = ?)")) {
            select.setString(1, TABLE);
            for (int i = 0; i < TRIGGERS.size(); i++) {
                select.setString(i + 2, TRIGGERS.get(i));
            }
            select.setString(2 + TRIGGERS.size(), ORDER_INDEX);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() && rows.getInt(1) == 2 + TRIGGERS.size();
            }
        }
    }

    /**
     * Creates the index, its triggers, and indexes every wiki, in one transaction: either all of
     * it is there afterwards or none. Returns the number of wikis indexed.
     */
    static long build(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (String sql : BUILD) {
                statement.execute(sql);
            }
            long indexed;
            try (ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM security_wikis")) {
                rows.next();
                indexed = rows.getLong(1);
            }
            connection.commit();
            return indexed;
        } catch (SQLException | RuntimeException failed) {
            connection.rollback();
            throw failed;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }
}
