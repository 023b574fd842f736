package com.threatlens.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent changes nothing the application sees: the same workload gives the same update
 * counts, values and exceptions in this JVM (agent attached) as in a JVM without any agent.
 */
class AgentTransparencyIT {

    @TempDir
    Path directory;

    private final Sidecar sidecar = Sidecar.get();

    @Test
    void theApplicationSeesExactlyWhatPlainJdbcGivesWithoutTheAgent() throws Exception {
        Path withAgent = Files.createDirectory(directory.resolve("with-agent"));
        Path withoutAgent = Files.createDirectory(directory.resolve("without-agent"));

        List<String> observed = PlainJdbcWorkload.run(withAgent);
        List<String> expected = runWithoutAgent(withoutAgent);

        assertEquals(expected, observed);
    }

    @Test
    void valuesAndUpdateCountsFollowPlainJdbcSemantics() throws SQLException {
        List<String> transcript = PlainJdbcWorkload.run(directory);

        assertEquals(List.of(
            "create 0",
            "insert 1",
            "insert 1",
            "insert 1",
            "batch [1, 1, 1]"), transcript.subList(0, 5));
        assertTrue(transcript.get(5).startsWith("duplicate owner threw org.sqlite.SQLiteException message="
            + "[SQLITE_CONSTRAINT_UNIQUE] A UNIQUE constraint failed (UNIQUE constraint failed: accounts.owner)"),
            transcript.get(5));
        assertEquals(List.of(
            "update 2",
            "execute update false count 1",
            "execute select true",
            "execute select rows [owner=owner-3]",
            "plain batch [1, 1]"), transcript.subList(6, 11));
        assertTrue(transcript.get(11).startsWith("failing batch threw java.sql.BatchUpdateException"), transcript.get(11));
        assertTrue(transcript.get(12).startsWith("syntax error threw org.sqlite.SQLiteException"), transcript.get(12));
        assertTrue(transcript.get(12).contains("near \"SELEC\": syntax error"), transcript.get(12));
        assertTrue(transcript.get(13).contains("no such table: no_such_table"), transcript.get(13));
        assertEquals("all accounts [id=1,owner=owner-1,balance=105, id=2,owner=owner-2,balance=205, "
            + "id=3,owner=owner-3,balance=300, id=4,owner=owner-4,balance=400, id=5,owner=owner-5,balance=0, "
            + "id=8,owner=owner-8,balance=800, id=9,owner=owner-9,balance=900]", transcript.get(14));
        assertEquals("rich accounts [owner=owner-3,balance=300, owner=owner-4,balance=400, "
            + "owner=owner-8,balance=800, owner=owner-9,balance=900]", transcript.get(15));
        assertEquals("no accounts [] false", transcript.get(16));
        assertTrue(transcript.get(17).startsWith("prepare syntax error threw org.sqlite.SQLiteException"), transcript.get(17));

        // and the agent did watch all of it
        String database = "jdbc:sqlite:" + directory.resolve("accounts.db").toAbsolutePath();
        JsonNode insert = sidecar.statement(database, "INSERT INTO accounts(id, owner, balance) VALUES (?, ?, ?)");
        // 3 single inserts, 1 prepared batch, the duplicate, 1 + 2 inserts added to plain batches
        assertEquals(8, insert.get("calls").asLong(), insert::toString);
        // the duplicate owner, and the plain batch that failed on its second insert
        assertEquals(2, insert.get("errors").asLong(), insert::toString);
        JsonNode missingTable = sidecar.statement(database, "SELECT * FROM no_such_table");
        assertEquals(1, missingTable.get("calls").asLong());
        assertEquals(1, missingTable.get("errors").asLong());
    }

    /** The transcript of the workload in a fresh JVM on the same class path, without the agent. */
    private static List<String> runWithoutAgent(Path directory) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-cp", System.getProperty("java.class.path"),
            PlainJdbcWorkload.class.getName(), directory.toString()));
        Path errors = directory.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(errors.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("THREATLENS_PERF_") || name.equals("JAVA_TOOL_OPTIONS"));
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the JVM without agent did not finish: " + output);
        String errorOutput = Files.readString(errors);
        assertEquals(0, process.exitValue(), () -> output + errorOutput);
        return output.lines().toList();
    }
}
