package com.threatlens.agent.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.threatlens.agent.testing.PlainDatabaseAccess;

/**
 * Where the schema lets a write reach tables it does not name (a trigger, a view, a cascading
 * foreign key), a value that read any table of the database is invalidated by every write.
 */
class WritesSpreadTest {

    @TempDir
    Path directory;

    @Test
    void a_trigger_makes_every_write_invalidate_every_table() throws SQLException {
        String database = database("trigger.db", "CREATE TABLE audit (note TEXT)",
            "CREATE TRIGGER logged AFTER INSERT ON wikis BEGIN INSERT INTO audit VALUES (new.title); END");
        assertEquals(Freshness.STALE, freshnessOfAuditAfterWikiWrite(database));
    }

    @Test
    void a_cascading_foreign_key_makes_every_write_invalidate_every_table() throws SQLException {
        String database = database("cascade.db",
            "CREATE TABLE audit (note TEXT, wiki INTEGER REFERENCES wikis(id) ON DELETE CASCADE)");
        assertEquals(Freshness.STALE, freshnessOfAuditAfterWikiWrite(database));
    }

    @Test
    void a_view_makes_every_write_invalidate_every_table() throws SQLException {
        String database = database("view.db", "CREATE TABLE audit (note TEXT)",
            "CREATE VIEW titles AS SELECT title FROM wikis");
        assertEquals(Freshness.STALE, freshnessOfAuditAfterWikiWrite(database));
    }

    @Test
    void without_them_a_write_leaves_other_tables_fresh() throws SQLException {
        String database = database("plain.db", "CREATE TABLE audit (note TEXT, wiki INTEGER REFERENCES wikis(id))");
        assertEquals(Freshness.FRESH, freshnessOfAuditAfterWikiWrite(database));
    }

    private Freshness freshnessOfAuditAfterWikiWrite(String database) {
        TableVersions versions = new TableVersions();
        ExternalWrites watcher = new ExternalWrites(versions, new PlainDatabaseAccess(database), Duration.ZERO, changed -> { });
        try {
            long before = versions.now();
            TableMark audit = versions.table(database, "audit");
            versions.finish(versions.begin(database, List.of("wikis")));
            return TableMark.freshness(new TableMark[] {audit, versions.everything(database)}, before);
        } finally {
            watcher.close();
        }
    }

    private String database(String name, String... statements) throws SQLException {
        String url = "jdbc:sqlite:" + directory.resolve(name);
        try (Connection connection = DriverManager.getConnection(url);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE wikis (id INTEGER PRIMARY KEY, title TEXT)");
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
        return url;
    }
}
