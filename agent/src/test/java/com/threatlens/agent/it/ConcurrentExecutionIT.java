package com.threatlens.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Threads running the same statement at once lose no call and no row. */
class ConcurrentExecutionIT {

    private static final int THREADS = 8;
    private static final int EXECUTIONS_PER_THREAD = 2_000;

    @TempDir
    Path directory;

    private final Sidecar sidecar = Sidecar.get();
    private SqliteFile database;

    @BeforeEach
    void createScoresAndForgetTheSetUp() throws SQLException {
        database = SqliteFile.create(directory, "concurrent.db",
            "CREATE TABLE scores (id INTEGER PRIMARY KEY, score INTEGER NOT NULL)",
            "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100) "
                + "INSERT INTO scores (id, score) SELECT x, x * 10 FROM c");
        sidecar.reset();
    }

    @Test
    void eightThreadsOnTheirOwnConnectionsCountEveryExecution() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Long>> workers = new ArrayList<>();
        try {
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                workers.add(pool.submit(() -> {
                    start.await();
                    return runSelects(thread);
                }));
            }
            start.countDown();
            for (Future<Long> worker : workers) {
                try {
                    assertEquals(EXECUTIONS_PER_THREAD, worker.get(60, TimeUnit.SECONDS));
                } catch (TimeoutException stuck) {
                    throw new AssertionError("a worker did not finish within 60 s:" + System.lineSeparator()
                        + ThreadDumps.all(), stuck);
                }
            }
        } finally {
            pool.shutdownNow();
        }

        JsonNode select = sidecar.statement(database.url(), "SELECT score FROM scores WHERE id = ?");
        assertEquals(THREADS * EXECUTIONS_PER_THREAD, select.get("calls").asLong(), select::toString);
        assertEquals(THREADS * EXECUTIONS_PER_THREAD, select.get("rows").asLong(), select::toString);
        assertEquals(0, select.get("errors").asLong(), select::toString);
        assertEquals(select.get("total_ms").asDouble() / (THREADS * EXECUTIONS_PER_THREAD),
            select.get("mean_ms").asDouble(), 1e-9, select::toString);
    }

    /** Runs the select on a connection of its own; returns the rows read, each checked. */
    private long runSelects(int thread) throws SQLException {
        long rowsRead = 0;
        try (Connection connection = database.connect();
             PreparedStatement select = connection.prepareStatement("SELECT score FROM scores WHERE id = ?")) {
            for (int i = 0; i < EXECUTIONS_PER_THREAD; i++) {
                int id = (thread * 31 + i) % 100 + 1;
                select.setInt(1, id);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        if (rows.getInt(1) != id * 10) {
                            throw new AssertionError("id " + id + " read score " + rows.getInt(1));
                        }
                        rowsRead++;
                    }
                }
            }
        }
        return rowsRead;
    }
}
