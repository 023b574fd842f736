package com.threatlens.example;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link ExampleMain} as a separate JVM, as users and scripts do. */
class ExampleMainProcessTest {

    private static final Pattern LISTENING =
            Pattern.compile("ThreatLens example listening on (http://127\\.0\\.0\\.1:(\\d+)) \\(db=(.+)\\)");

    @TempDir
    Path directory;

    @Test
    void generatesServesAndPrintsTheRealPort() {
        Path database = directory.resolve("served.db");
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
            Process process = start("--db", database.toString(), "--generate", "tiny", "--port", "0");
            try (BufferedReader stdout = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line = stdout.readLine();
                Matcher matcher = LISTENING.matcher(String.valueOf(line));
                assertTrue(matcher.matches(), "listening line: " + line);
                assertNotEquals("0", matcher.group(2));
                assertEquals(database.toAbsolutePath().toString(), matcher.group(3));

                HttpResponse<String> health = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create(matcher.group(1) + "/api/health")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, health.statusCode());
                assertEquals("{\"status\":\"ok\",\"wiki_count\":200,\"repo_count\":5}", health.body());
            } finally {
                process.destroy();
                process.waitFor(10, TimeUnit.SECONDS);
            }
        });
    }

    @Test
    void badArgumentsExitWithUsageAndCode2() throws Exception {
        Process process = start("--db", directory.resolve("x.db").toString(), "--port", "eighty");

        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue());
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(stderr.contains("--port must be a number"), stderr);
        assertTrue(stderr.contains("usage:"), stderr);
    }

    @Test
    void aFileThatIsNotADatabaseExitsWithCode1() throws Exception {
        Path notADatabase = Files.writeString(directory.resolve("notes.db"), "just some notes");

        Process process = start("--db", notADatabase.toString(), "--port", "0");

        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(1, process.exitValue());
        String stderr = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(stderr.contains("--generate"), stderr);
    }

    private static Process start(String... args) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(java.toString(),
                "-cp", System.getProperty("java.class.path"), ExampleMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.PIPE).start();
    }
}
