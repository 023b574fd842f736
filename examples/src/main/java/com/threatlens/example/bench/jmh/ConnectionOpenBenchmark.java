package com.threatlens.example.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * A connection per call, as the example service opens them: in forks without the agent each
 * {@code DriverManager.getConnection} opens SQLite for real and {@code close()} closes it; in
 * forks with the agent (pooling on: {@code --agent-options http.enabled=false}) they borrow
 * from and return to the agent's pool. Run with
 * {@code JdbcOverheadMain --include ConnectionOpenBenchmark --agent-options http.enabled=false}.
 *
 * <p>The database is the {@link JdbcOverheadBenchmark}'s table in a temporary file. An agent
 * fork checks at set-up that its connections really are pooled, a plain fork that they are not.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConnectionOpenBenchmark {

    private static final String DRIVER_CONNECTION = "org.sqlite.SQLiteConnection";
    private static final int ID_COUNT = 4096;

    private Path file;
    private String url;
    private int[] ids;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws SQLException, IOException, ClassNotFoundException, InterruptedException {
        JdbcOverheadBenchmark.checkAgent();
        file = Files.createTempFile("threatlens-jmh-open-", ".db");
        url = "jdbc:sqlite:" + file.toAbsolutePath();
        try (Connection connection = DriverManager.getConnection(url)) {
            JdbcOverheadBenchmark.fill(connection);
        }
        SplittableRandom random = new SplittableRandom(23);
        ids = new int[ID_COUNT];
        for (int i = 0; i < ID_COUNT; i++) {
            ids[i] = 1 + random.nextInt(JdbcOverheadBenchmark.ROWS);
        }
        checkPooling();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(file);
    }

    /** Open (or borrow) a connection and close (or return) it. */
    @Benchmark
    public void openClose() throws SQLException {
        DriverManager.getConnection(url).close();
    }

    /** The per-request pattern: open, one point query read to the end, close. */
    @Benchmark
    public void openPointQueryClose(Blackhole blackhole) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url);
             PreparedStatement point = connection.prepareStatement(
                     "SELECT id, name, score, body FROM bench_rows WHERE id = ?")) {
            point.setInt(1, ids[next++ & (ID_COUNT - 1)]);
            try (ResultSet rows = point.executeQuery()) {
                if (rows.next()) {
                    blackhole.consume(rows.getString(4));
                }
            }
        }
    }

    /**
     * The agent installs its instrumentation in the background after start-up, so an agent fork
     * waits (up to 30 s) until its connections are pooled.
     */
    private void checkPooling() throws SQLException, ClassNotFoundException, InterruptedException {
        String expected = System.getProperty(JdbcOverheadBenchmark.AGENT_PROPERTY);
        Class<?> driverConnection = Class.forName(DRIVER_CONNECTION);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        boolean pooled;
        do {
            try (Connection connection = DriverManager.getConnection(url)) {
                pooled = !driverConnection.isInstance(connection);
            }
            if (pooled || !"on".equals(expected)) {
                break;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        System.out.println("[connection-open] connections are " + (pooled ? "pooled" : "the driver's own"));
        if ("on".equals(expected) && !pooled) {
            throw new IllegalStateException("the agent is attached but does not pool: run with --agent-options http.enabled=false");
        }
        if ("off".equals(expected) && pooled) {
            throw new IllegalStateException("connections are pooled in a fork without the agent");
        }
    }
}
