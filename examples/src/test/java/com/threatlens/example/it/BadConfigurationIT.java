package com.threatlens.example.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Configuration mistakes never cost the application anything: it starts and answers, the agent
 * says what is wrong in one line, and only the affected feature stays off.
 */
class BadConfigurationIT {

    /**
     * How long a test watches for a sidecar that must not start. With good settings the
     * sidecar's line follows the example's listening line within about a second.
     */
    private static final Duration NO_SIDECAR_GRACE = Duration.ofSeconds(3);
    private static final int DEFAULT_SIDECAR_PORT = 9180;

    @TempDir
    static Path directory;

    private static Path template;

    @TempDir
    Path testDirectory;

    @BeforeAll
    static void generateTheDatabase() {
        template = TinyDatabase.generate(directory);
    }

    @Test
    void aPortThatIsNotANumberIsOneWarningAndNoSidecar() {
        try (ExampleProcess example = ExampleProcess.startWithAgent(template, "http.port=abc")) {
            assertTheApplicationAnswers(example);
            assertNoSidecar(example);

            List<String> warnings = example.stderrLines().stream()
                    .filter(line -> line.contains("http.port") && line.contains("abc"))
                    .toList();
            assertEquals(1, warnings.size(), () -> "one warning about http.port=abc expected: " + warnings);
            String warning = warnings.get(0);
            assertTrue(warning.contains("[threatlens-agent] WARN bad value for http.port: 'abc'"), warning);
            assertTrue(warning.contains("the http feature is off"), warning);
        }
    }

    @Test
    void anUnreadableConfigFileIsNamedAndTheOtherSettingsStillApply() {
        String missingFile = "/nonexistent/file.properties";
        try (ExampleProcess example = ExampleProcess.startWithAgent(template, "config=" + missingFile, "http.port=0")) {
            assertTheApplicationAnswers(example);
            assertSidecarAnswers(example);
            assertNotEquals(DEFAULT_SIDECAR_PORT, example.sidecarUrl().getPort(), "http.port=0 from the arguments applies");

            List<String> complaints = example.agentLines().stream().filter(line -> line.contains(missingFile)).toList();
            assertEquals(1, complaints.size(), () -> "one line about the config file expected: " + example.agentLines());
            assertTrue(complaints.get(0).contains("cannot be read"), complaints.get(0));
        }
    }

    @Test
    void aTakenPortIsOneErrorLineAndTheApplicationRunsOn() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            try (ExampleProcess example = ExampleProcess.startWithAgent(template, "http.port=" + port)) {
                assertTheApplicationAnswers(example);
                Pattern notStarted = Pattern.compile(
                        "\\[threatlens-agent\\] ERROR sidecar not started: cannot listen on 127\\.0\\.0\\.1:" + port + "\\b");
                if (example.awaitStderr(notStarted, ExampleProcess.START_TIMEOUT).isEmpty()) {
                    throw example.failure("no 'sidecar not started' line naming port " + port);
                }
                assertTrue(example.stderrLines().stream().noneMatch(line -> ExampleProcess.SIDECAR_LISTENING.matcher(line).find()),
                        example::stderr);
                assertTheApplicationAnswers(example);
            }
        }
    }

    @Test
    void disabledByConfigurationStartsNothing() {
        try (ExampleProcess example = ExampleProcess.startWithAgent(template, "enabled=false", "http.port=0")) {
            assertTheApplicationAnswers(example);
            assertNoSidecar(example);
            assertTrue(example.agentLines().stream().anyMatch(line -> line.contains("disabled by configuration")),
                    example::stderr);
        }
    }

    @Test
    void anUnknownKeyIsNamedAndIgnored() {
        try (ExampleProcess example = ExampleProcess.startWithAgent(template, "htpp.port=1", "http.port=0")) {
            assertTheApplicationAnswers(example);
            assertSidecarAnswers(example);

            assertTrue(example.agentLines().stream().anyMatch(line -> line.contains("WARN unknown key 'htpp.port'")),
                    example::stderr);
            HttpJson.Reply metrics = HttpJson.get(example.sidecar("/metrics"));
            JsonNode problems = metrics.json().path("agent").path("config_problems");
            assertTrue(problems.isArray() && problems.toString().contains("htpp.port"), metrics::toString);
        }
    }

    @Test
    void settingsFromSystemPropertiesTheEnvironmentAndAFileApply() throws IOException {
        Path settingsFile = Files.writeString(testDirectory.resolve("agent.properties"), "http.token=from-the-file\n");
        Map<String, String> environment = Map.of(
                "THREATLENS_PERF_LOG_LEVEL", "debug",
                "THREATLENS_PERF_CONFIG", settingsFile.toString());
        try (ExampleProcess example = ExampleProcess.start(template, List.of(), environment,
                List.of("-Dthreatlens.perf.http.port=0"))) {
            assertTheApplicationAnswers(example);
            assertSidecarAnswers(example);

            assertNotEquals(DEFAULT_SIDECAR_PORT, example.sidecarUrl().getPort(),
                    "-Dthreatlens.perf.http.port=0 picks a free port instead of the default");
            assertTrue(example.agentLines().stream().anyMatch(line -> line.contains("[threatlens-agent] DEBUG ")),
                    () -> "THREATLENS_PERF_LOG_LEVEL=debug shows debug lines: " + example.stderr());
            assertTrue(example.agentLines().stream()
                    .noneMatch(line -> line.contains("unknown key") || line.contains("bad value")), example::stderr);

            HttpJson.Reply withoutToken = HttpJson.send("POST", example.sidecar("/health"), Map.of());
            assertEquals(401, withoutToken.status(), () -> "http.token from the file guards changes: " + withoutToken);
        }
    }

    private static void assertTheApplicationAnswers(ExampleProcess example) {
        HttpJson.Reply wiki = HttpJson.get(example.example("/api/wikis/1"));
        assertEquals(200, wiki.status(), wiki::toString);
        assertEquals(1, wiki.json().path("id").asLong(), wiki::toString);
        HttpJson.Reply health = HttpJson.get(example.example("/api/health"));
        assertEquals(200, health.status(), health::toString);
        assertEquals(TinyDatabase.WIKIS, health.json().path("wiki_count").asInt(), health::toString);
    }

    private static void assertSidecarAnswers(ExampleProcess example) {
        HttpJson.Reply health = HttpJson.get(example.sidecar("/health"));
        assertEquals(200, health.status(), health::toString);
    }

    private static void assertNoSidecar(ExampleProcess example) {
        if (example.awaitStderr(ExampleProcess.SIDECAR_LISTENING, NO_SIDECAR_GRACE).isPresent()) {
            throw example.failure("the sidecar started although it must stay off");
        }
    }
}
