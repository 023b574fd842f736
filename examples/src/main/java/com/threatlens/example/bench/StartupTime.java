package com.threatlens.example.bench;

import com.threatlens.example.ExampleMain;
import com.threatlens.example.generate.DataGenerator;
import com.threatlens.example.generate.GenerationPreset;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
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
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * Measures what attaching the agent adds to the start-up time of the example service.
 *
 * <p>Run from the project root, after {@code mvn -B -q -ntp install -DskipTests}:
 * <pre>
 * java -cp examples/target/threatlens-example.jar com.threatlens.example.bench.StartupTime --agent agent/target/threatlens-agent.jar [--runs 7] [--warmup 1] [--db &lt;file&gt;]
 * </pre>
 *
 * <p>Each run starts a new JVM of the example service on the same database (a tiny one generated
 * into a temporary directory unless {@code --db} names one; it is only read) and measures the
 * wall time from starting the process until {@code GET /api/health} first answers 200, polling
 * every 10 ms. Runs alternate between plain JVMs and JVMs with
 * {@code -javaagent:<jar>=http.port=0}, starting with the other kind in every second pair, so
 * that a drift of the machine falls on both sides alike; {@code --warmup} pairs run first and
 * are not counted (they fill the file cache). For the agent's runs the time until the agent
 * logs that its sidecar listens is shown as well: the sidecar starts in the background, after
 * the application may already answer. The summary is the median of each kind, their
 * difference and ratio, and the size of the agent jar.
 */
public final class StartupTime {

    static final String USAGE = """
            usage: StartupTime --agent <agent jar> [--runs <n>] [--warmup <n>] [--db <file>] [--agent-options <text>]
              --agent <path>   the agent jar, e.g. agent/target/threatlens-agent.jar (required)
              --agent-options <text>  more agent arguments after http.port=0, e.g. pool.enabled=false
              --runs <n>       measured runs of each kind, alternating (default 7)
              --warmup <n>     unmeasured pairs of runs before them (default 1)
              --db <file>      example database to serve (default: a tiny one, generated once)""";

    private static final Duration POLL_INTERVAL = Duration.ofMillis(10);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SIDECAR_TIMEOUT = Duration.ofSeconds(30);
    private static final String SIDECAR_LISTENING = "[threatlens-agent] INFO sidecar listening on ";
    private static final List<String> AGENT_FAILURES = List.of(
            "[threatlens-agent] ERROR agent did not start", "[threatlens-agent] ERROR sidecar not started");

    private final Path agentJar;
    private final String agentArguments;
    private final Path database;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    private StartupTime(Path agentJar, String agentOptions, Path database) {
        this.agentJar = agentJar;
        this.agentArguments = agentOptions.isEmpty() ? "http.port=0" : "http.port=0," + agentOptions;
        this.database = database;
    }

    public static void main(String[] args) throws Exception {
        Options options = BenchSupport.optionsOrExit(args, Options::parse, USAGE);
        if (options == null) {
            return;
        }
        Path temporary = null;
        Path database = options.database();
        if (database == null) {
            temporary = Files.createTempDirectory("threatlens-startup");
            database = temporary.resolve("tiny.db");
            System.err.println("Generating a tiny database in " + database + " ...");
            new DataGenerator().generate(database, GenerationPreset.TINY, LocalDate.now(ZoneOffset.UTC));
        }
        try {
            new StartupTime(options.agentJar(), options.agentOptions(), database).measure(options.runs(), options.warmupPairs());
        } finally {
            if (temporary != null) {
                BenchSupport.deleteRecursively(temporary);
            }
        }
    }

    private void measure(int runs, int warmupPairs) throws IOException, InterruptedException {
        System.out.printf(Locale.ROOT, "Start-up until GET /api/health answers 200: %d runs each, alternating, after %d warm-up pair(s)%n",
                runs, warmupPairs);
        System.out.printf(Locale.ROOT, "java %s, %d processors, load average %.2f, database %s%n%n",
                Runtime.version(), Runtime.getRuntime().availableProcessors(), loadAverage(), database);
        for (int pair = 0; pair < warmupPairs; pair++) {
            start(false);
            start(true);
        }
        List<Long> withoutAgent = new ArrayList<>();
        List<Long> withAgent = new ArrayList<>();
        List<Long> sidecarUp = new ArrayList<>();
        System.out.printf(Locale.ROOT, "%-6s %16s %16s %22s%n", "run", "without agent", "with agent", "with agent: sidecar up");
        for (int run = 0; run < runs; run++) {
            boolean agentFirst = run % 2 == 1;
            Measurement first = start(agentFirst);
            Measurement second = start(!agentFirst);
            Measurement plain = agentFirst ? second : first;
            Measurement agent = agentFirst ? first : second;
            withoutAgent.add(plain.healthyMillis());
            withAgent.add(agent.healthyMillis());
            agent.sidecarMillis().ifPresent(sidecarUp::add);
            System.out.printf(Locale.ROOT, "%-6d %13d ms %13d ms %19s%n", run + 1, plain.healthyMillis(),
                    agent.healthyMillis(), agent.sidecarMillis().isPresent() ? agent.sidecarMillis().getAsLong() + " ms" : "-");
        }
        double medianWithout = BenchSupport.median(withoutAgent);
        double medianWith = BenchSupport.median(withAgent);
        System.out.printf(Locale.ROOT, "%-6s %13.0f ms %13.0f ms %19s%n%n", "median", medianWithout, medianWith,
                sidecarUp.isEmpty() ? "-" : String.format(Locale.ROOT, "%.0f ms", BenchSupport.median(sidecarUp)));
        System.out.printf(Locale.ROOT, "difference (with - without): %+.0f ms%n", medianWith - medianWithout);
        System.out.printf(Locale.ROOT, "ratio (with / without):      %.2f%n", medianWith / medianWithout);
        System.out.printf(Locale.ROOT, "agent jar:                   %.1f MB (%s)%n",
                Files.size(agentJar) / (1024.0 * 1024.0), agentJar);
        System.out.printf(Locale.ROOT, "load average at the end:     %.2f (other processes slow both kinds of runs)%n",
                loadAverage());
    }

    private static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** One start of the example, timed until its health answers 200; then the JVM is stopped. */
    private Measurement start(boolean attachAgent) throws IOException, InterruptedException {
        int port = ExampleServer.freePort();
        Path errorLog = Files.createTempFile("threatlens-startup", ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (attachAgent) {
            command.add("-javaagent:" + agentJar + "=" + agentArguments);
        }
        command.addAll(List.of("-cp", ExampleServer.ownClassPath(), ExampleMain.class.getName(),
                "--db", database.toString(), "--port", String.valueOf(port)));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(errorLog.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("THREATLENS_PERF_"));

        long startedAt = System.nanoTime();
        Process process = builder.start();
        try {
            URI health = URI.create("http://127.0.0.1:" + port + "/api/health");
            long healthyMillis = awaitHealthy(process, health, startedAt, errorLog);
            OptionalLong sidecarMillis = attachAgent ? awaitSidecar(process, startedAt, errorLog) : OptionalLong.empty();
            return new Measurement(healthyMillis, sidecarMillis);
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(errorLog);
        }
    }

    private long awaitHealthy(Process process, URI health, long startedAt, Path errorLog)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build();
        while (true) {
            try {
                if (client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return elapsedMillis(startedAt);
                }
            } catch (IOException notListeningYet) {
                // connection refused until the server binds
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the example exited with " + process.exitValue() + " before answering: "
                        + Files.readString(errorLog, StandardCharsets.UTF_8));
            }
            if (elapsedMillis(startedAt) > START_TIMEOUT.toMillis()) {
                throw new IllegalStateException("the example did not answer " + health + " within " + START_TIMEOUT);
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
    }

    /** Time until the agent's sidecar line appears; a failed agent stops the benchmark, it would measure nothing. */
    private OptionalLong awaitSidecar(Process process, long startedAt, Path errorLog) throws IOException, InterruptedException {
        while (elapsedMillis(startedAt) < SIDECAR_TIMEOUT.toMillis() && process.isAlive()) {
            String errors = Files.readString(errorLog, StandardCharsets.UTF_8);
            if (errors.contains(SIDECAR_LISTENING)) {
                return OptionalLong.of(elapsedMillis(startedAt));
            }
            if (AGENT_FAILURES.stream().anyMatch(errors::contains)) {
                throw new IllegalStateException("the agent failed, the measurement would be meaningless: " + errors);
            }
            Thread.sleep(POLL_INTERVAL.toMillis());
        }
        System.err.println("warning: no sidecar line within " + SIDECAR_TIMEOUT.toSeconds() + " s");
        return OptionalLong.empty();
    }

    private static long elapsedMillis(long startedAt) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt);
    }





    private record Measurement(long healthyMillis, OptionalLong sidecarMillis) {
    }

    /** The command line; {@link #parse} returns null for {@code --help}. */
    record Options(Path agentJar, int runs, int warmupPairs, Path database, String agentOptions) {

        static Options parse(String... args) {
            Map<String, String> flags = new HashMap<>();
            boolean run = BenchSupport.eachFlag(args, (flag, value) -> {
                if (!List.of("--agent", "--runs", "--warmup", "--db", "--agent-options").contains(flag)) {
                    throw new IllegalArgumentException("unknown option " + flag);
                }
                flags.put(flag, value);
            });
            if (!run) {
                return null;
            }
            Path agentJar = flags.containsKey("--agent") ? Path.of(flags.get("--agent")).toAbsolutePath().normalize() : null;
            int runs = flags.containsKey("--runs") ? atLeast("--runs", flags.get("--runs"), 1) : 7;
            int warmupPairs = flags.containsKey("--warmup") ? atLeast("--warmup", flags.get("--warmup"), 0) : 1;
            Path database = flags.containsKey("--db") ? Path.of(flags.get("--db")).toAbsolutePath().normalize() : null;
            if (agentJar == null) {
                throw new IllegalArgumentException("--agent is required");
            }
            if (!Files.isRegularFile(agentJar)) {
                throw new IllegalArgumentException("no agent jar at " + agentJar + "; build it with mvn -B -q -ntp install -DskipTests");
            }
            if (database != null && !Files.isRegularFile(database)) {
                throw new IllegalArgumentException("no database at " + database + "; omit --db to use a generated tiny one");
            }
            return new Options(agentJar, runs, warmupPairs, database, flags.getOrDefault("--agent-options", ""));
        }

        private static int atLeast(String flag, String value, int minimum) {
            try {
                int number = Integer.parseInt(value);
                if (number < minimum) {
                    throw new IllegalArgumentException(flag + " must be at least " + minimum + ", was " + number);
                }
                return number;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " must be an integer, was '" + value + "'");
            }
        }
    }
}
