package com.threatlens.agent.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.threatlens.agent.jdbc.StatementIdentity;

/**
 * The write marks of real SQLite writes: raised before each write, lowered when its transaction
 * ends, whichever way it ends.
 */
class WriteTrackerTest {

    @TempDir
    Path directory;

    private final TableVersions versions = new TableVersions();
    private final List<WriteMark> committed = new ArrayList<>();
    private final WriteTracker tracker = new WriteTracker(versions, committed::add);
    private final List<Connection> connections = new ArrayList<>();
    private Connection connection;
    private String database;

    @BeforeEach
    void createDatabase() throws SQLException {
        connection = open("a.db");
        database = database(connection);
    }

    @AfterEach
    void closeConnections() throws SQLException {
        for (Connection each : connections) {
            each.close();
        }
    }

    private Connection open(String name) throws SQLException {
        Connection opened = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve(name));
        connections.add(opened);
        try (Statement statement = opened.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS wikis (id INTEGER PRIMARY KEY, title TEXT)");
            statement.execute("CREATE TABLE IF NOT EXISTS repos (id INTEGER PRIMARY KEY, name TEXT)");
        }
        return opened;
    }

    private static String database(Connection connection) throws SQLException {
        return TestEngine.database(connection);
    }

    /** Runs {@code sql} on {@code on}, telling the tracker as the JDBC interception does. */
    private void run(Connection on, String sql) throws SQLException {
        Object token = tracker.starting(on, database(on), StatementIdentity.of(sql), null);
        try (Statement statement = on.createStatement()) {
            statement.execute(sql);
        } finally {
            if (token != null) {
                tracker.executed(token);
            }
        }
    }

    private TableMark wikis() {
        return versions.table(database, "wikis");
    }

    private TableMark repos() {
        return versions.table(database, "repos");
    }

    private static void assertRaised(TableMark mark) {
        assertEquals(1, mark.writers.get(), mark + " has a writer");
        assertEquals(0, mark.lastWrite.get(), mark + " has no finished write");
    }

    private static void assertLowered(TableMark mark) {
        assertEquals(0, mark.writers.get(), mark + " has no writer");
        assertTrue(mark.lastWrite.get() > 0, mark + " has a finished write");
    }

    @Test
    void an_auto_commit_write_is_raised_while_it_runs_and_lowered_when_it_returns() throws SQLException {
        String sql = "INSERT INTO wikis VALUES (1, 'Threat model')";
        Object token = tracker.starting(connection, database, StatementIdentity.of(sql), null);
        assertRaised(wikis());
        assertEquals(Freshness.BEING_WRITTEN, wikis().freshness(0));
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }

        tracker.executed(token);

        assertLowered(wikis());
        assertEquals(Freshness.STALE, wikis().freshness(0));
        assertEquals(0, repos().lastWrite.get());
        assertEquals(1, committed.size());
        assertEquals(List.of("wikis"), committed.get(0).tableNames());
    }

    @Test
    void a_select_raises_nothing() throws SQLException {
        assertNull(tracker.starting(connection, database, StatementIdentity.of("SELECT title FROM wikis"), null));
        assertEquals(0, wikis().writers.get());
    }

    @Test
    void without_auto_commit_the_mark_stays_raised_until_the_commit() throws SQLException {
        connection.setAutoCommit(false);
        run(connection, "INSERT INTO wikis VALUES (1, 'Threat model')");
        run(connection, "UPDATE repos SET name = 'x'");

        assertRaised(wikis());
        assertRaised(repos());
        assertTrue(committed.isEmpty());

        connection.commit();
        tracker.transactionEnded(connection);

        assertLowered(wikis());
        assertLowered(repos());
        assertEquals(2, committed.size());
    }

    @Test
    void a_rollback_ends_the_transaction_too() throws SQLException {
        connection.setAutoCommit(false);
        run(connection, "DELETE FROM wikis");
        assertRaised(wikis());

        connection.rollback();
        tracker.transactionEnded(connection);

        assertLowered(wikis());
    }

    @Test
    void a_begin_statement_keeps_marks_raised_until_the_commit_statement() throws SQLException {
        run(connection, "BEGIN");
        run(connection, "INSERT INTO wikis VALUES (1, 'Threat model')");
        assertTrue(connection.getAutoCommit(), "the driver does not know of the transaction");
        assertRaised(wikis());

        run(connection, "COMMIT");

        assertLowered(wikis());
        assertEquals(1, committed.size());
    }

    @Test
    void rollback_to_a_savepoint_does_not_end_the_transaction_but_rollback_does() throws SQLException {
        run(connection, "BEGIN");
        run(connection, "INSERT INTO wikis VALUES (1, 'Threat model')");
        run(connection, "SAVEPOINT before_repos");
        run(connection, "INSERT INTO repos VALUES (7, 'threatlens')");
        run(connection, "ROLLBACK TO before_repos");

        assertRaised(wikis());
        assertRaised(repos());

        run(connection, "ROLLBACK");

        assertLowered(wikis());
        assertLowered(repos());
    }

    @Test
    void releasing_the_outermost_savepoint_ends_the_transaction() throws SQLException {
        run(connection, "SAVEPOINT outer_one");
        run(connection, "SAVEPOINT inner_one");
        run(connection, "INSERT INTO wikis VALUES (1, 'Threat model')");
        run(connection, "RELEASE inner_one");
        assertRaised(wikis());

        run(connection, "RELEASE outer_one");

        assertLowered(wikis());
    }

    @Test
    void a_write_of_unknown_sql_marks_the_whole_database() throws SQLException {
        TableMark[] readsOfWikis = {wikis(), versions.everything(database), versions.everywhere()};
        connection.setAutoCommit(false);

        Object token = tracker.starting(connection, database, null, null);
        tracker.executed(token);

        assertRaised(versions.everything(database));
        assertEquals(Freshness.BEING_WRITTEN, TableMark.freshness(readsOfWikis, 0));
        connection.commit();
        tracker.transactionEnded(connection);
        assertLowered(versions.everything(database));
        assertEquals(Freshness.STALE, TableMark.freshness(readsOfWikis, 0));
        assertEquals(0, wikis().lastWrite.get(), "the table's own mark is not needed");
        assertNull(committed.get(0).tableNames(), "its tables are unknown");
    }

    @Test
    void a_write_to_one_database_leaves_another_alone() throws SQLException {
        Connection other = open("b.db");
        String otherDatabase = database(other);
        TableMark[] readsOfOther = {versions.table(otherDatabase, "wikis"), versions.everything(otherDatabase),
            versions.everywhere()};

        run(connection, "INSERT INTO wikis VALUES (1, 'Threat model')");
        Object unknown = tracker.starting(connection, database, null, null);
        tracker.executed(unknown);

        assertLowered(wikis());
        assertEquals(Freshness.FRESH, TableMark.freshness(readsOfOther, 0));
        assertEquals(0, versions.anyTable(otherDatabase).lastWrite.get());
    }

    @Test
    void each_lowered_mark_is_reported_once_however_often_the_transaction_is_said_to_end() throws SQLException {
        connection.setAutoCommit(false);
        run(connection, "INSERT INTO wikis VALUES (1, 'Threat model')");
        run(connection, "INSERT INTO wikis VALUES (2, 'Data flows')");
        run(connection, "UPDATE repos SET name = 'x'");

        run(connection, "COMMIT");
        tracker.transactionEnded(connection);
        tracker.transactionEnded(connection);
        connection.close();
        tracker.transactionEnded(connection);

        assertEquals(3, committed.size());
        Set<WriteMark> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(committed);
        assertEquals(3, distinct.size());
        assertEquals(0, wikis().writers.get(), "two writes raised it, both lowered it");
        assertEquals(0, repos().writers.get());
        assertEquals(0, versions.anyTable(database).writers.get());
    }

    @Test
    void the_transactions_of_two_connections_end_apart() throws SQLException {
        Connection second = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("a.db"));
        connections.add(second);
        connection.setAutoCommit(false);
        second.setAutoCommit(false);
        run(connection, "INSERT INTO wikis VALUES (1, 'Threat model')");
        connection.commit();
        run(second, "INSERT INTO repos VALUES (7, 'threatlens')");

        tracker.transactionEnded(connection);

        assertLowered(wikis());
        assertRaised(repos());
        second.commit();
        tracker.transactionEnded(second);
        assertLowered(repos());
    }

    @Test
    void several_statements_in_one_call_count_as_a_write_of_every_table() {
        Object token = tracker.starting(connection, database, StatementIdentity.of("BEGIN; UPDATE wikis SET title = 'x'; COMMIT"), null);
        assertEquals(1, versions.everything(database).writers.get(), "the whole database is being written");
        tracker.executed(token);
        assertEquals(0, versions.everything(database).writers.get());
        assertTrue(versions.everything(database).lastWrite.get() > 0, "and was written");
    }
}
