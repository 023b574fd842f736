package com.threatlens.example.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.threatlens.example.generate.GenerationPreset;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * The agent's optimized search against the example service's own search, in one service and one
 * run: first pages of searches never made before (the service scans the table with {@code LIKE};
 * the agent reads its FTS5 index, built first with {@code search.fts=true}), then the next page of
 * each (the service scans again; the agent has prefetched it).
 *
 * <p>Run from the project root, after {@code mvn -B -q -ntp install -DskipTests}:
 * <pre>
 * java -cp examples/target/threatlens-example.jar com.threatlens.example.bench.SearchComparison --agent agent/target/threatlens-agent.jar --preset large
 * </pre>
 *
 * <p>The two searches alternate which goes first. The service's answer and the agent's are
 * checked to hold the same wikis, so the comparison is of equal work. A few searches of other
 * words warm both services up first. With {@code --db} naming a database whose index the agent
 * built before, the build is skipped.
 */
public final class SearchComparison {

    static final String USAGE = """
            usage: SearchComparison --agent <agent jar> [options]
              --agent <path>         the agent jar (required)
              --agent-options <text> more agent arguments, after http.port=0,search.fts=true
              --db <file>            database to copy (default: a generated one)
              --preset <name>        size of the generated database: tiny, small, medium, large (default medium)
              --page-size <n>        results per page (default 50)
              --prefetch-pause <d>   pause between a first page and its next page (default 200ms)
              --index-timeout <d>    longest wait for the full-text index to be built (default 60m)""";

    /** Searches a ThreatLens user makes; some match many wikis, some few or none. */
    static final List<String> TERMS = List.of("injection", "cross-site", "deserialization", "traversal", "forgery",
            "session", "token", "password", "certificate", "redirect", "privilege", "escalation", "sanitize",
            "prepared statement", "access control", "rate limit", "encryption", "XML", "LDAP", "template",
            "buffer", "logging", "secrets", "authentication bypass", "CWE-89", "clickjacking", "nonce", "salted",
            "race condition", "prototype pollution");

    /** Searched before measuring, never measured: they warm both services up. */
    static final List<String> WARM_UP = List.of("vulnerability", "mitigation", "authorization", "exploit", "audit");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private SearchComparison() {
    }

    public static void main(String[] args) throws Exception {
        Options options = BenchSupport.optionsOrExit(args, Options::parse, USAGE);
        if (options == null) {
            return;
        }
        // The agent adds its index to the database: the service works on a copy.
        BenchSupport.withAgentService("search-comparison", options.database, options.preset, options.agentJar,
                "http.port=0,search.fts=true" + (options.agentOptions.isEmpty() ? "" : "," + options.agentOptions),
                server -> compare(options, server));
    }

    private static void compare(Options options, ExampleServer server) throws IOException, InterruptedException {
        URI sidecar = server.awaitSidecar();
        System.out.printf(Locale.ROOT, "java %s, %d processors, load average %.2f; agent options: %s%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                options.agentOptions.isEmpty() ? "(defaults)" : options.agentOptions);
        // The agent finds the database once the service has opened it, then builds the index.
        get(server.url().resolve("/api/health"));
        long buildStart = System.nanoTime();
        awaitIndex(server.url(), sidecar, options.indexTimeout);
        System.out.printf(Locale.ROOT, "full-text index ready after %.1f s (and both services warmed up)%n%n",
                (System.nanoTime() - buildStart) / 1e9);

        List<Double> appFirst = new ArrayList<>();
        List<Double> agentFirst = new ArrayList<>();
        List<Double> appNext = new ArrayList<>();
        List<Double> agentNext = new ArrayList<>();
        int nextFromCache = 0;
        int nextPages = 0;
        for (int i = 0; i < TERMS.size(); i++) {
            String term = URLEncoder.encode(TERMS.get(i), StandardCharsets.UTF_8);
            URI app = server.url().resolve("/api/search?page_size=" + options.pageSize + "&q=" + term);
            URI agent = URI.create(sidecar + "/search/optimized?page_size=" + options.pageSize + "&query=" + term);
            Timed appPage;
            Timed agentPage;
            if (i % 2 == 0) {
                appPage = get(app);
                agentPage = get(agent);
            } else {
                agentPage = get(agent);
                appPage = get(app);
            }
            check(TERMS.get(i), appPage.body, agentPage.body, "fts");
            appFirst.add(appPage.millis);
            agentFirst.add(agentPage.millis);
            System.out.printf(Locale.ROOT, "%-24s %8d matches  first page: service %9.1f ms, agent %7.1f ms%n",
                    TERMS.get(i), agentPage.body.get("total").asLong(), appPage.millis, agentPage.millis);
            String cursor = agentPage.body.path("next_cursor").asText(null);
            if (cursor == null) {
                continue;
            }
            Thread.sleep(options.prefetchPause.toMillis());
            Timed appSecond = get(URI.create(app + "&page=2"));
            Timed agentSecond = get(URI.create(agent + "&cursor=" + cursor));
            check(TERMS.get(i) + " page 2", appSecond.body, agentSecond.body, null);
            appNext.add(appSecond.millis);
            agentNext.add(agentSecond.millis);
            nextPages++;
            nextFromCache += agentSecond.body.get("cached").asBoolean() ? 1 : 0;
        }
        System.out.println();
        String format = "%-32s %10s %10s %10s%n";
        System.out.printf(Locale.ROOT, format, "", "p50 ms", "p95 ms", "max ms");
        row("first page, service (LIKE)", appFirst);
        row("first page, agent (FTS5)", agentFirst);
        row("next page, service (LIKE)", appNext);
        row("next page, agent (prefetched)", agentNext);
        System.out.printf(Locale.ROOT, "%nfirst page: agent %.1fx faster at p95 (%.1fx at p50), %d searches%n",
                percentile(appFirst, 95) / percentile(agentFirst, 95), percentile(appFirst, 50) / percentile(agentFirst, 50),
                appFirst.size());
        System.out.printf(Locale.ROOT, "next page: agent %.1fx faster at p95; %d of %d served from the cache%n",
                percentile(appNext, 95) / percentile(agentNext, 95), nextFromCache, nextPages);
    }

    /**
     * Waits until the agent searches through its index (built now, or found already built). The
     * searches made meanwhile, with words not measured, also warm both services up.
     */
    private static void awaitIndex(URI server, URI sidecar, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int round = 0;
        while (System.nanoTime() < deadline) {
            String word = WARM_UP.get(round++ % WARM_UP.size());
            get(server.resolve("/api/search?page_size=50&q=" + URLEncoder.encode(word, StandardCharsets.UTF_8)));
            JsonNode page = get(URI.create(sidecar + "/search/optimized?page_size=50&query="
                    + URLEncoder.encode(word, StandardCharsets.UTF_8))).body;
            if (page.get("served_by").asText().equals("fts") && round >= WARM_UP.size()) {
                return;
            }
            Thread.sleep(1_000);
        }
        throw new IllegalStateException("the full-text index was not built within " + timeout);
    }

    /** Both answers hold the same wikis in the same order, and the agent's came by the expected path. */
    private static void check(String what, JsonNode app, JsonNode agent, String expectedPath) {
        List<Long> appIds = new ArrayList<>();
        app.get("items").forEach(item -> appIds.add(item.get("id").asLong()));
        List<Long> agentIds = new ArrayList<>();
        agent.get("items").forEach(item -> agentIds.add(item.get("id").asLong()));
        if (!appIds.equals(agentIds) || app.get("total").asLong() != agent.get("total").asLong()) {
            throw new IllegalStateException("'" + what + "': the service and the agent disagree: " + appIds + " vs " + agentIds);
        }
        if (expectedPath != null && !agent.get("served_by").asText().equals(expectedPath)) {
            throw new IllegalStateException("'" + what + "' was served by " + agent.get("served_by"));
        }
    }

    private static void row(String name, List<Double> millis) {
        System.out.printf(Locale.ROOT, "%-32s %10.2f %10.2f %10.2f%n", name, percentile(millis, 50), percentile(millis, 95),
                percentile(millis, 100));
    }

    /** The nearest-rank percentile. */
    static double percentile(List<Double> values, double percent) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static Timed get(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofMinutes(5)).build();
        long start = System.nanoTime();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        double millis = (System.nanoTime() - start) / 1e6;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode() + ": " + response.body());
        }
        return new Timed(JSON.readTree(response.body()), millis);
    }

    private record Timed(JsonNode body, double millis) {
    }

    /** The command line; {@link #parse} returns null for {@code --help}. */
    private static final class Options {
        Path agentJar;
        String agentOptions = "";
        Path database;
        GenerationPreset preset = GenerationPreset.MEDIUM;
        int pageSize = 50;
        Duration prefetchPause = Duration.ofMillis(200);
        Duration indexTimeout = Duration.ofMinutes(60);

        static Options parse(String... args) {
            Options options = new Options();
            boolean run = BenchSupport.eachFlag(args, (flag, value) -> {
                switch (flag) {
                    case "--agent" -> options.agentJar = Path.of(value).toAbsolutePath().normalize();
                    case "--agent-options" -> options.agentOptions = value;
                    case "--db" -> options.database = Path.of(value).toAbsolutePath().normalize();
                    case "--preset" -> options.preset = BenchSupport.preset(value);
                    case "--page-size" -> options.pageSize = Integer.parseInt(value);
                    case "--prefetch-pause" -> options.prefetchPause = com.threatlens.example.load.Durations.parse(value);
                    case "--index-timeout" -> options.indexTimeout = com.threatlens.example.load.Durations.parse(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            });
            if (!run) {
                return null;
            }
            if (options.agentJar == null || !Files.isRegularFile(options.agentJar)) {
                throw new IllegalArgumentException("--agent must name the agent jar; build it with mvn -B -q -ntp install -DskipTests");
            }
            if (options.pageSize < 1 || options.pageSize > 1000) {
                throw new IllegalArgumentException("--page-size must be 1 to 1000");
            }
            return options;
        }
    }
}
