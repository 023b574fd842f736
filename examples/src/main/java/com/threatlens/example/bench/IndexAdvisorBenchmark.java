package com.threatlens.example.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.threatlens.example.generate.GenerationPreset;
import com.threatlens.example.load.Durations;
import com.threatlens.example.load.LoadDriver;
import com.threatlens.example.load.LoadOptions;
import com.threatlens.example.load.LoadReport;
import com.threatlens.example.load.OperationMix;
import com.threatlens.example.load.OperationStats;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The index advisor's effect, in one run: the example service with the agent under the load
 * driver, then {@code POST /optimize?apply=true}, then the same load again. Per statement that had
 * a recommendation: executions per second and p95 from the agent's own statistics before and
 * after, and per operation the load driver's figures.
 *
 * <p>Run from the project root, after {@code mvn -B -q -ntp install -DskipTests}:
 * <pre>
 * java -cp examples/target/threatlens-example.jar com.threatlens.example.bench.IndexAdvisorBenchmark --agent agent/target/threatlens-agent.jar --preset medium
 * </pre>
 *
 * <p>The statistics are reset before each measured phase (after its warm-up), so each phase's
 * figures are its own; the reset also ends the advisor's own before/after measurement, which is
 * tested elsewhere. The service runs without cache rules, so every request reaches the database.
 */
public final class IndexAdvisorBenchmark {

    static final String USAGE = """
            usage: IndexAdvisorBenchmark --agent <agent jar> [options]
              --agent <path>          the agent jar (required)
              --db <file>             database to copy (default: a generated one)
              --preset <name>         size of the generated database: tiny, small, medium, large (default medium)
              --mix <weights>         read mix of the load driver (default list=40,search=20,analytics=40)
              --concurrency <n>       load driver workers (default 4)
              --duration <d>          measured time per phase (default 30s)
              --warmup <d>            unmeasured load before each phase (default 10s)
              --min-calls <n>         the agent's advisor.min-calls (default 3: a phase of a large database runs few calls)""";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private IndexAdvisorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Options options = BenchSupport.optionsOrExit(args, Options::parse, USAGE);
        if (options == null) {
            return;
        }
        BenchSupport.withAgentService("index-advisor", options.database, options.preset, options.agentJar,
                "http.port=0,advisor.min-calls=" + options.minCalls, server -> run(options, server, server.awaitSidecar()));
    }

    private static void run(Options options, ExampleServer server, URI sidecar) throws IOException, InterruptedException {
        System.out.printf(Locale.ROOT, "java %s, %d processors, load average %.2f; mix %s, %d workers, %s per phase (+%s warm-up)%n%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), options.mix, options.concurrency,
                options.duration, options.warmup);
        Phase before = phase(options, server, sidecar);
        JsonNode advice = call("GET", sidecar, "/database/recommendations");
        for (JsonNode analysis : advice.get("analyses")) {
            System.out.printf(Locale.ROOT, "Analysis of %s in %.0f ms: %d statements seen, %d analyzed, %d below the thresholds,"
                    + " %d with no useful index, %d not analyzable%n", analysis.get("database").asText(),
                    analysis.get("analysis_ms").asDouble(), analysis.get("statements_seen").asInt(),
                    analysis.get("statements_analyzed").asInt(), analysis.get("below_thresholds").asInt(),
                    analysis.get("no_useful_index").size(), analysis.get("not_analyzable").size());
            for (JsonNode none : analysis.get("no_useful_index")) {
                System.out.printf(Locale.ROOT, "  no useful index: %s%n      because %s%n", none.get("sql").asText(),
                        none.get("reason").asText());
            }
        }
        JsonNode recommendations = advice.get("recommendations");
        if (recommendations.isEmpty()) {
            System.out.println("No recommendations: nothing to apply.");
            return;
        }
        Map<String, String> recommended = new LinkedHashMap<>();
        System.out.println("Recommendations:");
        for (JsonNode recommendation : recommendations) {
            System.out.printf(Locale.ROOT, "  %s  (estimated benefit %.0f rows)%n", recommendation.get("create_sql").asText(),
                    recommendation.get("estimated_benefit").asDouble());
            for (JsonNode served : recommendation.get("statements")) {
                recommended.put(served.get("id").asText(), served.get("sql").asText());
                System.out.printf(Locale.ROOT, "      serves %s %s%n", served.get("id").asText(), served.get("sql").asText());
            }
        }
        JsonNode optimize = call("POST", sidecar, "/optimize?apply=true");
        long started = System.nanoTime();
        awaitTask(sidecar, optimize.get("task_id").asText());
        System.out.printf(Locale.ROOT, "%noptimize task %s took %.1f s%n%n", optimize.get("task_id").asText(),
                (System.nanoTime() - started) / 1e9);
        Phase after = phase(options, server, sidecar);

        String format = "%-16s %12s %12s %8s %12s %12s %8s  %s%n";
        System.out.printf(Locale.ROOT, format, "statement", "exec/s before", "exec/s after", "ratio", "p95 before",
                "p95 after", "faster", "sql");
        recommended.forEach((id, sql) -> {
            JsonNode was = before.statements.get(id);
            JsonNode now = after.statements.get(id);
            if (was == null || now == null) {
                System.out.printf(Locale.ROOT, "%-16s not executed in both phases%n", id);
                return;
            }
            double rateBefore = was.get("calls").asDouble() / before.seconds;
            double rateAfter = now.get("calls").asDouble() / after.seconds;
            double p95Before = was.get("p95_ms").asDouble();
            double p95After = now.get("p95_ms").asDouble();
            System.out.printf(Locale.ROOT, "%-16s %12.1f %12.1f %7.2fx %9.3f ms %9.3f ms %7.1fx  %s%n", id, rateBefore,
                    rateAfter, rateAfter / rateBefore, p95Before, p95After, p95Before / p95After, sql);
        });
        System.out.println();
        System.out.printf(Locale.ROOT, "%-10s %12s %12s %8s %12s %12s %8s%n", "operation", "req/s before", "req/s after",
                "ratio", "p95 before", "p95 after", "faster");
        before.load.operations().forEach((name, was) -> row(name, was, after.load.operations().get(name)));
        row("overall", before.load.overall(), after.load.overall());
    }

    private static void row(String name, OperationStats was, OperationStats now) {
        System.out.printf(Locale.ROOT, "%-10s %12.1f %12.1f %7.2fx %9.2f ms %9.2f ms %7.1fx%n", name, was.throughputRps(),
                now.throughputRps(), now.throughputRps() / was.throughputRps(), was.p95Ms(), now.p95Ms(),
                was.p95Ms() / now.p95Ms());
    }

    /** One phase's load driver report and the agent's statement table for it, by statement id. */
    private record Phase(LoadReport load, double seconds, Map<String, JsonNode> statements) {
    }

    private static Phase phase(Options options, ExampleServer server, URI sidecar) throws IOException, InterruptedException {
        LoadDriver.run(options.load(server, options.warmup));
        call("POST", sidecar, "/database/stats/reset");
        LoadReport report = LoadDriver.run(options.load(server, options.duration));
        Map<String, JsonNode> statements = new LinkedHashMap<>();
        for (JsonNode statement : call("GET", sidecar, "/queries?limit=1000").get("statements")) {
            statements.put(statement.get("id").asText(), statement);
        }
        return new Phase(report, report.durationS(), statements);
    }

    private static void awaitTask(URI sidecar, String taskId) throws IOException, InterruptedException {
        while (true) {
            JsonNode task = call("GET", sidecar, "/background-tasks/" + taskId);
            String state = task.get("state").asText();
            if (state.equals("succeeded")) {
                return;
            }
            if (!state.equals("queued") && !state.equals("running")) {
                throw new IllegalStateException("the optimize task " + state + ": " + task);
            }
            Thread.sleep(200);
        }
    }

    private static JsonNode call(String method, URI sidecar, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(sidecar + path)).timeout(Duration.ofMinutes(5))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return JSON.readTree(response.body());
    }

    /** The command line; {@link #parse} returns null for {@code --help}. */
    private static final class Options {
        Path agentJar;
        Path database;
        GenerationPreset preset = GenerationPreset.MEDIUM;
        OperationMix mix = OperationMix.parse("list=40,search=20,analytics=40");
        int concurrency = 4;
        Duration duration = Duration.ofSeconds(30);
        Duration warmup = Duration.ofSeconds(10);
        int minCalls = 3;

        LoadOptions load(ExampleServer server, Duration length) {
            return LoadOptions.builder(server.url()).mix(mix).concurrency(concurrency).duration(length)
                    .warmup(Duration.ZERO).build();
        }

        static Options parse(String... args) {
            Options options = new Options();
            boolean run = BenchSupport.eachFlag(args, (flag, value) -> {
                switch (flag) {
                    case "--agent" -> options.agentJar = Path.of(value).toAbsolutePath().normalize();
                    case "--db" -> options.database = Path.of(value).toAbsolutePath().normalize();
                    case "--preset" -> options.preset = BenchSupport.preset(value);
                    case "--mix" -> options.mix = OperationMix.parse(value);
                    case "--concurrency" -> options.concurrency = Integer.parseInt(value);
                    case "--duration" -> options.duration = Durations.parse(value);
                    case "--warmup" -> options.warmup = Durations.parse(value);
                    case "--min-calls" -> options.minCalls = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            });
            if (!run) {
                return null;
            }
            if (options.agentJar == null || !Files.isRegularFile(options.agentJar)) {
                throw new IllegalArgumentException("--agent must name the agent jar; build it with mvn -B -q -ntp install -DskipTests");
            }
            if (options.concurrency < 1) {
                throw new IllegalArgumentException("--concurrency must be at least 1");
            }
            return options;
        }
    }
}
