package com.threatlens.example.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.threatlens.example.ExampleMain;
import com.threatlens.example.generate.DataGenerator;
import com.threatlens.example.generate.GenerationPreset;
import com.threatlens.example.load.LoadDriver;
import com.threatlens.example.load.LoadOptions;
import com.threatlens.example.load.LoadReport;
import com.threatlens.example.load.OperationMix;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

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
            new ApiOverhead().measure(agentJar, database, temporary, rounds, roundSeconds, warmupSeconds, concurrency);
        } finally {
            deleteRecursively(temporary);
        }
    }

    private void measure(Path agentJar, Path database, Path logs, int rounds, int roundSeconds, int warmupSeconds,
                         int concurrency)
            throws IOException, InterruptedException {
        try (Service on = Service.start(agentJar, database, logs.resolve("api-on.log"), true);
             Service off = Service.start(agentJar, database, logs.resolve("api-off.log"), false)) {
            awaitReady(on);
            awaitReady(off);
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
                for (Service service : onFirst ? List.of(on, off) : List.of(off, on)) {
                    LoadReport report = drive(service, roundSeconds, concurrency);
                    (service == on ? withMetrics : without).add(report);
                    System.out.printf(Locale.ROOT, "%-6d %-12s %12d %12.1f %10.3f %10.3f %8d%n", round + 1,
                            service == on ? "on" : "off", report.overall().count(), report.overall().throughputRps(),
                            report.overall().p50Ms(), report.overall().p95Ms(), report.overall().errors());
                }
            }
            double rpsOn = median(withMetrics.stream().map(r -> r.overall().throughputRps()).toList());
            double rpsOff = median(without.stream().map(r -> r.overall().throughputRps()).toList());
            double meanOnMicros = concurrency * 1e6 / rpsOn;
            double meanOffMicros = concurrency * 1e6 / rpsOff;
            System.out.println();
            System.out.printf(Locale.ROOT, "median throughput:      on %10.1f req/s   off %10.1f req/s%n", rpsOn, rpsOff);
            System.out.printf(Locale.ROOT, "median p50:             on %10.3f ms      off %10.3f ms%n",
                    median(withMetrics.stream().map(r -> r.overall().p50Ms()).toList()),
                    median(without.stream().map(r -> r.overall().p50Ms()).toList()));
            System.out.printf(Locale.ROOT, "median p95:             on %10.3f ms      off %10.3f ms%n",
                    median(withMetrics.stream().map(r -> r.overall().p95Ms()).toList()),
                    median(without.stream().map(r -> r.overall().p95Ms()).toList()));
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
                    median(pairedMicros), median(pairedPercent), pairedPercent.stream().mapToDouble(d -> d).min().orElse(0),
                    pairedPercent.stream().mapToDouble(d -> d).max().orElse(0));
            System.out.printf(Locale.ROOT, "route as the agent saw it: %s%n", routeSeen(on));
            System.out.printf(Locale.ROOT, "load average at the end: %.2f (driver and both services share this machine)%n",
                    loadAverage());
        }
    }

    private static LoadReport drive(Service service, int seconds, int concurrency) throws IOException, InterruptedException {
        LoadOptions options = LoadOptions.builder(service.url)
                .warmup(Duration.ZERO)
                .duration(Duration.ofSeconds(seconds))
                .concurrency(concurrency)
                .mix(OperationMix.parse("wiki=100"))
                .writeRatio(0)
                .build();
        return LoadDriver.run(options);
    }

    /** The wiki route in the sidecar of the service with API metrics, to show they were on. */
    private String routeSeen(Service service) {
        try {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                    URI.create(service.sidecar + "/api/stats?sort=calls&limit=1")).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode route = new ObjectMapper().readTree(response.body()).path("routes").path(0);
            return String.format(Locale.ROOT, "%s %s, %d requests, mean %.3f ms, p95 %.3f ms, %.1f statements and %.3f ms of database per request",
                    route.path("method").asText(), route.path("route").asText(), route.path("requests").asLong(),
                    route.path("mean_ms").asDouble(), route.path("p95_ms").asDouble(),
                    route.path("statements_per_request").asDouble(), route.path("database_ms_per_request").asDouble());
        } catch (IOException | InterruptedException e) {
            return "unavailable (" + e + ")";
        }
    }

    /** Waits for the service to answer and, since both carry the agent, for its sidecar. */
    private void awaitReady(Service service) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        HttpRequest health = HttpRequest.newBuilder(URI.create(service.url + "/api/health")).timeout(Duration.ofSeconds(5)).build();
        while (System.nanoTime() < deadline) {
            String log = Files.readString(service.log, StandardCharsets.UTF_8);
            int listening = log.indexOf(SIDECAR_LISTENING);
            if (listening >= 0) {
                try {
                    if (client.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        int end = log.indexOf('\n', listening);
                        service.sidecar = log.substring(listening + SIDECAR_LISTENING.length(), end < 0 ? log.length() : end).trim();
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
            }
            if (!service.process.isAlive()) {
                throw new IllegalStateException("the example exited: " + log);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the example did not come up within " + START_TIMEOUT + ": "
                + Files.readString(service.log, StandardCharsets.UTF_8));
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("warning: could not delete " + directory + ": " + e.getMessage());
        }
    }

    /** One example service with the agent, API metrics on or off; stopped on close. */
    private static final class Service implements AutoCloseable {
        final Process process;
        final URI url;
        final Path log;
        String sidecar;

        private Service(Process process, URI url, Path log) {
            this.process = process;
            this.url = url;
            this.log = log;
        }

        static Service start(Path agentJar, Path database, Path log, boolean apiMetrics) throws IOException {
            int port = freePort();
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-javaagent:" + agentJar + "=http.port=0,api.enabled=" + apiMetrics,
                    "-cp", ownClassPath(), ExampleMain.class.getName(),
                    "--db", database.toString(), "--port", String.valueOf(port));
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(log.toFile());
            builder.environment().keySet().removeIf(name -> name.startsWith("THREATLENS_PERF_"));
            return new Service(builder.start(), URI.create("http://127.0.0.1:" + port), log);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String ownClassPath() {
        try {
            return Path.of(ApiOverhead.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
