package com.threatlens.agent.it;

import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A JDBC workload that writes down everything the application observes: update counts, values
 * read back, result flags and every exception's type, message, SQLState and vendor code. Run in
 * the agent's JVM and in a JVM without any agent, the two transcripts must be identical.
 */
public final class PlainJdbcWorkload {

    private PlainJdbcWorkload() {
    }

    /** Runs the workload on a new database {@code accounts.db} in {@code directory}. */
    public static void main(String[] args) throws SQLException {
        run(Path.of(args[0])).forEach(System.out::println);
    }

    static List<String> run(Path directory) throws SQLException {
        List<String> transcript = new ArrayList<>();
        String url = "jdbc:sqlite:" + directory.resolve("accounts.db").toAbsolutePath();
        try (Connection connection = DriverManager.getConnection(url)) {
            try (Statement statement = connection.createStatement()) {
                transcript.add("create " + statement.executeUpdate(
                    "CREATE TABLE accounts (id INTEGER PRIMARY KEY, owner TEXT NOT NULL UNIQUE, balance INTEGER NOT NULL)"));
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO accounts (id, owner, balance) VALUES (?, ?, ?)")) {
                for (int id = 1; id <= 3; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, "owner-" + id);
                    insert.setInt(3, id * 100);
                    transcript.add("insert " + insert.executeUpdate());
                }
                for (int id = 4; id <= 6; id++) {
                    insert.setInt(1, id);
                    insert.setString(2, "owner-" + id);
                    insert.setInt(3, id * 100);
                    insert.addBatch();
                }
                transcript.add("batch " + Arrays.toString(insert.executeBatch()));
                insert.setInt(1, 7);
                insert.setString(2, "owner-1");
                insert.setInt(3, 0);
                transcript.add("duplicate owner " + outcome(insert::executeUpdate));
            }
            try (Statement statement = connection.createStatement()) {
                transcript.add("update " + statement.executeUpdate("UPDATE accounts SET balance = balance + 5 WHERE id <= 2"));
                transcript.add("execute update " + statement.execute("DELETE FROM accounts WHERE id = 6")
                    + " count " + statement.getUpdateCount());
                transcript.add("execute select " + statement.execute("SELECT owner FROM accounts WHERE id = 3"));
                try (ResultSet rows = statement.getResultSet()) {
                    transcript.add("execute select rows " + values(rows));
                }
                statement.addBatch("UPDATE accounts SET balance = 0 WHERE id = 5");
                statement.addBatch("INSERT INTO accounts (id, owner, balance) VALUES (8, 'owner-8', 800)");
                transcript.add("plain batch " + Arrays.toString(statement.executeBatch()));
                statement.addBatch("INSERT INTO accounts (id, owner, balance) VALUES (9, 'owner-9', 900)");
                statement.addBatch("INSERT INTO accounts (id, owner, balance) VALUES (10, 'owner-2', 1000)");
                transcript.add("failing batch " + outcome(statement::executeBatch));
                transcript.add("syntax error " + outcome(() -> statement.executeQuery("SELEC owner FROM accounts")));
                transcript.add("missing table " + outcome(() -> statement.executeQuery("SELECT * FROM no_such_table")));
                try (ResultSet rows = statement.executeQuery("SELECT id, owner, balance FROM accounts ORDER BY id")) {
                    transcript.add("all accounts " + values(rows));
                }
            }
            try (PreparedStatement select = connection.prepareStatement("SELECT owner, balance FROM accounts WHERE balance >= ? ORDER BY balance")) {
                select.setInt(1, 300);
                try (ResultSet rows = select.executeQuery()) {
                    transcript.add("rich accounts " + values(rows));
                }
                select.setInt(1, 1_000_000);
                try (ResultSet rows = select.executeQuery()) {
                    transcript.add("no accounts " + values(rows) + " " + rows.isClosed());
                }
            }
            transcript.add("prepare syntax error " + outcome(() -> connection.prepareStatement("SELEC 1")));
        }
        return transcript;
    }

    private static String values(ResultSet rows) throws SQLException {
        List<String> values = new ArrayList<>();
        int columns = rows.getMetaData().getColumnCount();
        while (rows.next()) {
            List<String> row = new ArrayList<>();
            for (int column = 1; column <= columns; column++) {
                row.add(rows.getMetaData().getColumnName(column) + "=" + rows.getObject(column));
            }
            values.add(String.join(",", row));
        }
        return values.toString();
    }

    private interface JdbcCall {
        Object call() throws SQLException;
    }

    /** What the application sees of a call: its result, or its exception in every detail. */
    private static String outcome(JdbcCall call) {
        try {
            Object result = call.call();
            return "returned " + (result instanceof int[] ? Arrays.toString((int[]) result) : String.valueOf(result));
        } catch (SQLException e) {
            String counts = e instanceof BatchUpdateException
                ? " counts=" + Arrays.toString(((BatchUpdateException) e).getUpdateCounts()) : "";
            return "threw " + e.getClass().getName() + " message=" + e.getMessage() + " sqlstate=" + e.getSQLState()
                + " code=" + e.getErrorCode() + counts;
        }
    }
}
