package com.threatlens.example.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.threatlens.example.TestDatabases;
import com.threatlens.example.ThreatLensApplication;
import com.threatlens.example.http.ApiServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadDriverTest {

    @TempDir
    static Path directory;

    private static ApiServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = ThreatLensApplication.start(TestDatabases.freshTiny(directory), "127.0.0.1", 0);
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    @Test
    void aShortRunReportsConsistentCountsWithoutErrors() throws Exception {
        LoadOptions options = LoadOptions.builder(server.baseUri())
                .duration(Duration.ofMillis(1500))
                .warmup(Duration.ofMillis(300))
                .concurrency(4)
                .writeRatio(0.1)
                .ids(LoadOptions.IdDistribution.ZIPF)
                .build();

        LoadReport report = LoadDriver.run(options);

        assertTrue(report.overall().count() > 0);
        assertEquals(0, report.overall().errors(), report.toTable());
        assertEquals(TestDatabases.TINY_REPOS, report.repos(), "discovered from /api/health");
        assertTrue(report.wikis() >= TestDatabases.TINY_WIKIS);
        long sum = report.operations().values().stream().mapToLong(OperationStats::count).sum();
        assertEquals(report.overall().count(), sum);
        assertTrue(List.of("wiki", "list", "search", "analytics", "write").containsAll(report.operations().keySet()));
        assertTrue(report.operations().containsKey("wiki"));
        assertTrue(report.durationS() >= 1.5 && report.durationS() < 10, "duration " + report.durationS());
        OperationStats overall = report.overall();
        assertTrue(overall.p50Ms() > 0 && overall.p50Ms() <= overall.p95Ms() && overall.p95Ms() <= overall.p99Ms()
                && overall.p99Ms() <= overall.maxMs());
        assertTrue(report.toTable().contains("overall"));
    }

    @Test
    void jsonReportHasTheDocumentedFields() throws Exception {
        LoadOptions options = LoadOptions.parse("--url", server.baseUri().toString(), "--duration", "1s",
                "--warmup", "0s", "--concurrency", "2", "--mix", "wiki=1", "--write-ratio", "0",
                "--wikis", "50", "--repos", "2", "--json");

        JsonNode report = new ObjectMapper().readTree(LoadDriver.run(options).toJson());

        assertEquals(50, report.get("wikis").asLong());
        assertEquals(2, report.get("concurrency").asInt());
        assertEquals(List.of("wiki"), List.copyOf(iterable(report.get("operations"))));
        for (JsonNode stats : List.of(report.get("operations").get("wiki"), report.get("overall"))) {
            for (String field : List.of("count", "errors", "throughput_rps", "p50_ms", "p95_ms", "p99_ms", "max_ms")) {
                assertTrue(stats.has(field), field);
            }
            assertEquals(0, stats.get("errors").asLong());
        }
        assertEquals(report.get("operations").get("wiki").get("count"), report.get("overall").get("count"));
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
