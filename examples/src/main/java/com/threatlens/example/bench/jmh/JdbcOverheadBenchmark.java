package com.threatlens.example.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JDBC calls on a real SQLite file, for measuring what the ThreatLens agent adds to each of them.
 * The same benchmarks run once in forks without the agent and once in forks with it; the forks
 * differ only in their JVM arguments. {@link JdbcOverheadMain} runs both and compares them.
 *
 * <p>The table has {@value #ROWS} rows of four columns ({@code id INTEGER PRIMARY KEY},
 * {@code name TEXT}, {@code score REAL}, {@code body TEXT} of about 100 bytes) in a temporary file
 * created once per fork. Both queries are prepared once and kept open, as a connection pool's
 * statement cache would; each invocation binds new parameters, executes, reads every column of
 * every row and closes the result set.
 *
 * <p>The system property {@value #AGENT_PROPERTY} states what the fork expects: {@code on} (the
 * agent must be attached and its JDBC hooks installed), {@code off} (the agent must be absent).
 * A fork whose expectation is wrong fails at set-up instead of producing a misleading figure.
 * Without the property nothing is checked; the set-up only prints what it found.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JdbcOverheadBenchmark {

    /** Expected agent state of a fork: {@code on} or {@code off}. */
    public static final String AGENT_PROPERTY = "threatlens.bench.agent";

    static final int ROWS = 10_000;
    static final int RANGE = 100;

    private static final String BRIDGE_CLASS = "com.threatlens.agent.bootstrap.JdbcBridge";
    private static final String SET_UP_CLASS = "com.threatlens.agent.bootstrap.AgentSetUp";
    private static final String SET_UP = "attached (JDBC hooks installed, set-up finished)";
    private static final int AGENT_START_LIMIT_SECONDS = 30;
    private static final int ID_COUNT = 4096;
    private static final String POINT_SQL = "SELECT id, name, score, body FROM bench_rows WHERE id = ?";
    private static final String RANGE_SQL =
        "SELECT id, name, score, body FROM bench_rows WHERE id >= ? AND id < ? ORDER BY id";

    private Path file;
    private Connection connection;
    private PreparedStatement point;
    private PreparedStatement range;
    private int[] pointIds;
    private int[] rangeStarts;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws SQLException, IOException {
        checkAgent();
        file = Files.createTempFile("threatlens-jmh-", ".db");
        connection = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        fill(connection);
        point = connection.prepareStatement(POINT_SQL);
        range = connection.prepareStatement(RANGE_SQL);

        SplittableRandom random = new SplittableRandom(17);
        pointIds = new int[ID_COUNT];
        rangeStarts = new int[ID_COUNT];
        for (int i = 0; i < ID_COUNT; i++) {
            pointIds[i] = 1 + random.nextInt(ROWS);
            rangeStarts[i] = 1 + random.nextInt(ROWS - RANGE + 1);
        }
        verify();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException, IOException {
        try {
            if (point != null) {
                point.close();
            }
            if (range != null) {
                range.close();
            }
            if (connection != null) {
                connection.close();
            }
        } finally {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** One row by primary key: bind, execute, read its four columns, close the result set. */
    @Benchmark
    public void pointQuery(Blackhole blackhole) throws SQLException {
        point.setInt(1, pointIds[next++ & (ID_COUNT - 1)]);
        try (ResultSet rows = point.executeQuery()) {
            if (rows.next()) {
                blackhole.consume(rows.getInt(1));
                blackhole.consume(rows.getString(2));
                blackhole.consume(rows.getDouble(3));
                blackhole.consume(rows.getString(4));
            }
        }
    }

    /** {@value #RANGE} consecutive rows by primary key range, every column of every row read. */
    @Benchmark
    public void fetch100Rows(Blackhole blackhole) throws SQLException {
        int start = rangeStarts[next++ & (ID_COUNT - 1)];
        range.setInt(1, start);
        range.setInt(2, start + RANGE);
        try (ResultSet rows = range.executeQuery()) {
            while (rows.next()) {
                blackhole.consume(rows.getInt(1));
                blackhole.consume(rows.getString(2));
                blackhole.consume(rows.getDouble(3));
                blackhole.consume(rows.getString(4));
            }
        }
    }

    static void fill(Connection connection) throws SQLException {
        try (Statement ddl = connection.createStatement()) {
            ddl.executeUpdate("CREATE TABLE bench_rows (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
                + "score REAL NOT NULL, body TEXT NOT NULL)");
        }
        SplittableRandom random = new SplittableRandom(42);
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO bench_rows (id, name, score, body) VALUES (?, ?, ?, ?)")) {
            for (int id = 1; id <= ROWS; id++) {
                insert.setInt(1, id);
                insert.setString(2, "row-" + id);
                insert.setDouble(3, random.nextDouble() * 100);
                insert.setString(4, body(random));
                insert.addBatch();
                if (id % 1000 == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
        connection.commit();
        connection.setAutoCommit(true);
    }

    /** About 100 bytes of lower-case words. */
    private static String body(SplittableRandom random) {
        StringBuilder text = new StringBuilder(110);
        while (text.length() < 100) {
            int length = 3 + random.nextInt(8);
            for (int i = 0; i < length; i++) {
                text.append((char) ('a' + random.nextInt(26)));
            }
            text.append(' ');
        }
        return text.toString();
    }

    /** Both queries return what they should before anything is measured. */
    private void verify() throws SQLException {
        point.setInt(1, ROWS / 2);
        try (ResultSet rows = point.executeQuery()) {
            if (!rows.next() || rows.getInt(1) != ROWS / 2 || rows.getString(4).length() < 100) {
                throw new IllegalStateException("point query did not return row " + ROWS / 2);
            }
        }
        range.setInt(1, ROWS - RANGE + 1);
        range.setInt(2, ROWS + 1);
        int count = 0;
        try (ResultSet rows = range.executeQuery()) {
            while (rows.next()) {
                count++;
            }
        }
        if (count != RANGE) {
            throw new IllegalStateException("range query returned " + count + " rows instead of " + RANGE);
        }
    }

    /** Fails the fork if the agent's presence is not what {@value #AGENT_PROPERTY} says. */
    static void checkAgent() {
        String expected = System.getProperty(AGENT_PROPERTY);
        if (expected != null && !expected.equals("on") && !expected.equals("off")) {
            throw new IllegalStateException(AGENT_PROPERTY + " must be on or off, was '" + expected + "'");
        }
        String found = agentState();
        // The agent sets itself up in the background once the fork's main thread rests: wait
        // until it has finished. Its hooks are installed first; the classes the benchmark loads
        // before the set-up ends are retransformed, after they have been used and compiled, and
        // a lock the benchmark thread holds in code deoptimized then stays inflated (slower) for
        // the rest of the fork. That is a one-time cost of attaching, not a per-query one.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AGENT_START_LIMIT_SECONDS);
        while ("on".equals(expected) && !found.equals(SET_UP) && !found.equals("absent")
            && System.nanoTime() - deadline < 0) {
            sleepBriefly();
            found = agentState();
        }
        boolean attached = found.equals(SET_UP);
        System.out.println("[jdbc-overhead] agent " + found + (expected == null ? "" : ", expected " + expected));
        if ("on".equals(expected) && !attached) {
            throw new IllegalStateException("this fork was started to measure with the agent, but the agent is "
                + found);
        }
        if ("off".equals(expected) && !found.equals("absent")) {
            throw new IllegalStateException("this fork was started to measure without the agent, but the agent is "
                + found);
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the agent", interrupted);
        }
    }

    /**
     * "absent" when the agent's bridge class cannot be loaded, {@link #SET_UP} when its JDBC hooks
     * are installed and its set-up has finished, otherwise a description of what is missing.
     */
    private static String agentState() {
        Class<?> bridge;
        try {
            bridge = Class.forName(BRIDGE_CLASS);
        } catch (ClassNotFoundException absent) {
            return "absent";
        }
        boolean active;
        try {
            active = (Boolean) bridge.getMethod("active").invoke(null);
        } catch (ReflectiveOperationException | RuntimeException broken) {
            return "present but its bridge cannot be queried (" + broken + ")";
        }
        if (active && setUpComplete()) {
            return SET_UP;
        }
        String loader = bridge.getClassLoader() == null ? "bootstrap" : bridge.getClassLoader().toString();
        return active
            ? "attached (JDBC hooks installed, bridge in the " + loader + " class loader, set-up still running)"
            : "present but its JDBC hooks are not installed (the agent did not start, see its log above, "
                + "or jdbc.enabled=false)";
    }

    private static boolean setUpComplete() {
        try {
            return (Boolean) Class.forName(SET_UP_CLASS).getMethod("isComplete").invoke(null);
        } catch (ReflectiveOperationException | RuntimeException olderAgent) {
            return false;
        }
    }
}
