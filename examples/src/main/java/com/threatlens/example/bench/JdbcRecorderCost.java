package com.threatlens.example.bench;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

/**
 * The agent's own work per JDBC query, without the query: what the advice of a point query calls
 * (the key's setter, {@code executeQuery} at entry and exit, two {@code ResultSet.next()} calls,
 * one with a row and one at the end, and {@code close()}), called in a loop on one thread with a
 * real SQLite statement and result set. Run it with the agent attached, once with statistics on
 * and once off (the bridge then returns at once); the difference is the per-query cost:
 *
 * <pre>
 * java -javaagent:agent/target/threatlens-agent.jar=http.enabled=false,pool.enabled=false \
 *   -cp examples/target/threatlens-example.jar com.threatlens.example.bench.JdbcRecorderCost
 * java -javaagent:agent/target/threatlens-agent.jar=http.enabled=false,pool.enabled=false,jdbc.enabled=false \
 *   -cp examples/target/threatlens-example.jar com.threatlens.example.bench.JdbcRecorderCost
 * </pre>
 *
 * A JMH comparison of whole queries ({@code JdbcOverheadMain}) includes this cost, but on a
 * small shared machine its error is several microseconds, far more than the cost itself. The
 * median of several timed batches is printed in nanoseconds per query.
 */
public final class JdbcRecorderCost {

    private static final int BATCH = 1_000_000;
    private static final int BATCHES = 7;
    private static final String POINT_QUERY = "SELECT id, name FROM items WHERE id = ?";

    private JdbcRecorderCost() {
    }

    public static void main(String[] args) throws Throwable {
        Class<?> bridge;
        try {
            bridge = Class.forName("com.threatlens.agent.bootstrap.JdbcBridge");
        } catch (ClassNotFoundException notAttached) {
            System.err.println("error: run with -javaagent:agent/target/threatlens-agent.jar");
            System.exit(2);
            return;
        }
        MethodHandles.Lookup lookup = MethodHandles.publicLookup();
        MethodHandle active = lookup.findStatic(bridge, "active", MethodType.methodType(boolean.class));
        MethodHandle statementCreated = lookup.findStatic(bridge, "statementCreated",
                MethodType.methodType(void.class, Object.class, Object.class, String.class));
        MethodHandle parameterSet = lookup.findStatic(bridge, "parameterSet",
                MethodType.methodType(void.class, Object.class, int.class, long.class));
        MethodHandle executeStart = lookup.findStatic(bridge, "executeStart",
                MethodType.methodType(Object.class, Object.class, Object.class, boolean.class));
        MethodHandle executeEnd = lookup.findStatic(bridge, "executeEnd",
                MethodType.methodType(void.class, Object.class, Object.class, Throwable.class));
        MethodHandle fetchStart = lookup.findStatic(bridge, "fetchStart", MethodType.methodType(long.class));
        MethodHandle rowFetched = lookup.findStatic(bridge, "rowFetched",
                MethodType.methodType(void.class, Object.class, long.class, boolean.class));
        MethodHandle resultSetClosed = lookup.findStatic(bridge, "resultSetClosed",
                MethodType.methodType(void.class, Object.class));

        Path directory = Files.createTempDirectory("threatlens-jdbc-cost");
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + directory.resolve("cost.db"))) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL)");
                statement.execute("INSERT INTO items (id, name) VALUES (1, 'one'), (2, 'two')");
            }
            boolean measuring = waitForTheAgent(active);
            try (PreparedStatement query = connection.prepareStatement(POINT_QUERY)) {
                // What the advice of prepareStatement reports, in case the driver's classes were
                // not instrumented yet when the statement was prepared.
                statementCreated.invokeExact((Object) connection, (Object) query, POINT_QUERY);
                query.setLong(1, 1);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    List<Double> nanos = BenchSupport.nanosPerCall(BATCHES, BATCH, i -> {
                        parameterSet.invokeExact((Object) query, 1, (long) (i & 1) + 1);
                        Object token = (Object) executeStart.invokeExact((Object) query, (Object) null, false);
                        executeEnd.invokeExact(token, (Object) rows, (Throwable) null);
                        long fetch = (long) fetchStart.invokeExact();
                        rowFetched.invokeExact((Object) rows, fetch, true);
                        fetch = (long) fetchStart.invokeExact();
                        rowFetched.invokeExact((Object) rows, fetch, false);
                        resultSetClosed.invokeExact((Object) rows);
                    });
                    System.out.println("query statistics " + (measuring ? "on" : "off") + ": "
                            + BenchSupport.perCallSummary(nanos, BATCH, "query"));
                }
            }
        } finally {
            BenchSupport.deleteRecursively(directory);
        }
    }

    /** The agent installs itself on a background thread: waits until the bridge has hooks. */
    private static boolean waitForTheAgent(MethodHandle active) throws Throwable {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            if ((boolean) active.invokeExact()) {
                return true;
            }
            Thread.sleep(50);
        }
        System.out.println("query statistics are off (or the agent did not start): the bridge returns at once");
        return false;
    }
}
