package com.threatlens.example.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.threatlens.example.generate.DataGenerator;
import com.threatlens.example.generate.GenerationPreset;
import com.threatlens.example.load.LoadDriver;
import com.threatlens.example.load.LoadOptions;
import com.threatlens.example.load.LoadReport;
import com.threatlens.example.load.OperationMix;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cost of the agent's API metrics on the example service's wiki-by-id endpoint
 * ({@code GET /api/wikis/{id}}), in one run: two example services with the agent attached, one
 * with {@code api.enabled=false} (query statistics on in both, so the difference is the API
 * metrics alone), driven in turn by the load driver in rounds (A B B A ...), so that drift of the
 * machine falls on both alike. Prints each round and the medians: throughput, p50 and p95, and
 * the overhead per request in microseconds and percent, from the mean time per request
 * (concurrency / throughput, the load is a closed loop): once from the medians of each side, and
 * once as the median of the differences within each round, whose two measurements are
 * neighbours in time.
 *
 * <pre>
 * java -cp examples/target/threatlens-example.jar com.threatlens.example.bench.ApiOverhead \
 *   --agent agent/target/threatlens-agent.jar [--rounds 6] [--round 10s] [--warmup 10s] [--concurrency 4] [--db file]
 * </pre>
 */
public final class ApiOverhead {

    static final String USAGE = """
            usage: ApiOverhead --agent <threatlens-agent.jar> [--rounds <n>] [--round <seconds>] [--warmup <seconds>] [--concurrency <n>] [--db <file>]
              --rounds       rounds per service, alternating (default 6)
              --round        measured seconds per round (default 10)
              --warmup       unmeasured seconds per service first, for the JIT (default 10)
              --concurrency  load driver workers (default 4)
              --db           an example database (default: a small one generated in a temporary directory)""";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String SIDECAR_LISTENING = "[threatlens-agent] INFO sidecar listening on ";

    private final HttpClient client = HttpClient.newHttpClient();

    public static void main(String[] args) throws Exception {
        Path agentJar = null;
        int rounds = 6;
        int roundSeconds = 10;
        int warmupSeconds = 10;
        int concurrency = 4;
        Path database = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--help") || args[i].equals("-h") || i + 1 >= args.length) {
                System.out.println(USAGE);
                return;
            }
            String value = args[++i];
            switch (args[i - 1]) {
                case "--agent" -> agentJar = Path.of(value).toAbsolutePath().normalize();
                case "--rounds" -> rounds = Integer.parseInt(value);
                case "--round" -> roundSeconds = Integer.parseInt(value.replace("s", ""));
                case "--warmup" -> warmupSeconds = Integer.parseInt(value.replace("s", ""));
                case "--concurrency" -> concurrency = Integer.parseInt(value);
                case "--db" -> database = Path.of(value).toAbsolutePath().normalize();
                default -> {
                    System.err.println("unknown option " + args[i - 1] + System.lineSeparator() + USAGE);
                    System.exit(2);
                }
            }
        }
        if (agentJar == null || !Files.isRegularFile(agentJar) || rounds < 1 || roundSeconds < 1 || warmupSeconds < 0 || concurrency < 1) {
            System.err.println("error: --agent must name the agent jar, and numbers must be positive" + System.lineSeparator() + USAGE);
            System.exit(2);
        }
        Path temporary = Files.createTempDirectory("threatlens-api-overhead");
        try {
            if (database == null) {
                database = temporary.resolve("small.db");
                System.err.println("Generating a small database in " + database + " ...");
                new DataGenerator().generate(database, GenerationPreset.SMALL, LocalDate.now(ZoneOffset.UTC));
            }
            new ApiOverhead().measure(agentJar, database, rounds, roundSeconds, warmupSeconds, concurrency);
        } finally {
            BenchSupport.deleteRecursively(temporary);
        }
    }

    private void measure(Path agentJar, Path database, int rounds, int roundSeconds, int warmupSeconds,
                         int concurrency)
            throws IOException, InterruptedException {
        try (ExampleServer on = ExampleServer.start(database, agentJar, "http.port=0,api.enabled=true");
             ExampleServer off = ExampleServer.start(database, agentJar, "http.port=0,api.enabled=false")) {
            URI onSidecar = on.awaitSidecar();
            off.awaitSidecar();
            System.out.printf(Locale.ROOT, "GET /api/wikis/{id}: %d rounds of %d s per service, alternating, %d workers%n",
                    rounds, roundSeconds, concurrency);
            System.out.printf(Locale.ROOT, "java %s, %d processors, load average %.2f%n%n", Runtime.version(),
                    Runtime.getRuntime().availableProcessors(), loadAverage());
            // Unmeasured rounds first: JIT compilation of the service, the driver and the agent.
            for (int half = 0; half < 2 && warmupSeconds > 0; half++) {
                drive(on, Math.max(1, warmupSeconds / 2), concurrency);
                drive(off, Math.max(1, warmupSeconds / 2), concurrency);
            }
            List<LoadReport> withMetrics = new ArrayList<>();
            List<LoadReport> without = new ArrayList<>();
            System.out.printf(Locale.ROOT, "%-6s %-12s %12s %12s %10s %10s %8s%n", "round", "api metrics", "requests",
                    "req/s", "p50 ms", "p95 ms", "errors");
            for (int round = 0; round < rounds; round++) {
                boolean onFirst = round % 2 == 0;
                for (ExampleServer service : onFirst ? List.of(on, off) : List.of(off, on)) {
                    LoadReport report = drive(service, roundSeconds, concurrency);
                    (service == on ? withMetrics : without).add(report);
                    System.out.printf(Locale.ROOT, "%-6d %-12s %12d %12.1f %10.3f %10.3f %8d%n", round + 1,
                            service == on ? "on" : "off", report.overall().count(), report.overall().throughputRps(),
                            report.overall().p50Ms(), report.overall().p95Ms(), report.overall().errors());
                }
            }
            double rpsOn = BenchSupport.median(withMetrics.stream().map(r -> r.overall().throughputRps()).toList());
            double rpsOff = BenchSupport.median(without.stream().map(r -> r.overall().throughputRps()).toList());
            double meanOnMicros = concurrency * 1e6 / rpsOn;
            double meanOffMicros = concurrency * 1e6 / rpsOff;
            System.out.println();
            System.out.printf(Locale.ROOT, "median throughput:      on %10.1f req/s   off %10.1f req/s%n", rpsOn, rpsOff);
            System.out.printf(Locale.ROOT, "median p50:             on %10.3f ms      off %10.3f ms%n",
                    BenchSupport.median(withMetrics.stream().map(r -> r.overall().p50Ms()).toList()),
                    BenchSupport.median(without.stream().map(r -> r.overall().p50Ms()).toList()));
            System.out.printf(Locale.ROOT, "median p95:             on %10.3f ms      off %10.3f ms%n",
                    BenchSupport.median(withMetrics.stream().map(r -> r.overall().p95Ms()).toList()),
                    BenchSupport.median(without.stream().map(r -> r.overall().p95Ms()).toList()));
            System.out.printf(Locale.ROOT, "mean time per request:  on %10.1f µs      off %10.1f µs%n", meanOnMicros, meanOffMicros);
            System.out.printf(Locale.ROOT, "overhead per request, from the medians:       %+.1f µs (%+.2f%%)%n",
                    meanOnMicros - meanOffMicros, 100 * (meanOnMicros - meanOffMicros) / meanOffMicros);
            List<Double> pairedMicros = new ArrayList<>();
            List<Double> pairedPercent = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                double onMicros = concurrency * 1e6 / withMetrics.get(round).overall().throughputRps();
                double offMicros = concurrency * 1e6 / without.get(round).overall().throughputRps();
                pairedMicros.add(onMicros - offMicros);
                pairedPercent.add(100 * (onMicros - offMicros) / offMicros);
            }
            System.out.printf(Locale.ROOT, "overhead per request, median of round pairs:  %+.1f µs (%+.2f%%), pairs from %+.1f%% to %+.1f%%%n",
                    BenchSupport.median(pairedMicros), BenchSupport.median(pairedPercent), pairedPercent.stream().mapToDouble(d -> d).min().orElse(0),
                    pairedPercent.stream().mapToDouble(d -> d).max().orElse(0));
            System.out.printf(Locale.ROOT, "route as the agent saw it: %s%n", routeSeen(onSidecar));
            System.out.printf(Locale.ROOT, "load average at the end: %.2f (driver and both services share this machine)%n",
                    loadAverage());
        }
    }

    private static LoadReport drive(ExampleServer service, int seconds, int concurrency) throws IOException, InterruptedException {
        LoadOptions options = LoadOptions.builder(service.url())
                .warmup(Duration.ZERO)
                .duration(Duration.ofSeconds(seconds))
                .concurrency(concurrency)
                .mix(OperationMix.parse("wiki=100"))
                .writeRatio(0)
                .build();
        return LoadDriver.run(options);
    }

    /** The wiki route in the sidecar of the service with API metrics, to show they were on. */
    private String routeSeen(URI sidecar) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create(sidecar + "/api/stats?sort=calls&limit=1")).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode route = new ObjectMapper().readTree(response.body()).path("routes").path(0);
            return String.format(Locale.ROOT, "%s %s, %d requests, mean %.3f ms, p95 %.3f ms, %.1f statements and %.3f ms of database per request",
                    route.path("method").asText(), route.path("route").asText(), route.path("requests").asLong(),
                    route.path("mean_ms").asDouble(), route.path("p95_ms").asDouble(),
                    route.path("statements_per_request").asDouble(), route.path("database_ms_per_request").asDouble());
        } catch (IOException | InterruptedException e) {
            return "unavailable (" + e + ")";
        }
    }


    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }





}
