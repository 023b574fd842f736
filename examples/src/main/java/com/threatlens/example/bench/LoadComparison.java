package com.threatlens.example.bench;

import com.threatlens.example.generate.GenerationPreset;
import com.threatlens.example.load.Durations;
import com.threatlens.example.load.LoadDriver;
import com.threatlens.example.load.LoadOptions;
import com.threatlens.example.load.LoadReport;
import com.threatlens.example.load.OperationMix;
import com.threatlens.example.load.OperationStats;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The example service under the load driver, without the agent and with it, side by side in
 * one run: throughput and p95 latency per operation, and their ratios.
 *
 * <p>Run from the project root, after {@code mvn -B -q -ntp install -DskipTests}:
 * <pre>
 * java -cp examples/target/threatlens-example.jar com.threatlens.example.bench.LoadComparison --agent agent/target/threatlens-agent.jar --mix wiki=100
 * </pre>
 *
 * <p>Both services run at once, each on its own copy of one generated database (the agent may
 * switch its copy to WAL, which would otherwise speed up the plain one too), but only one is
 * under load at a time. The rounds alternate which one goes first, so that a drift of the
 * machine falls on both alike; each round has its own warm-up. Throughput is the mean over
 * the rounds, p95 the median of the rounds' p95s. Unmeasured warm-up rounds run first: the
 * JIT compilers of a fresh service (and of this driver) take longer than one warm-up period.
 */
public final class LoadComparison {

    static final String USAGE = """
            usage: LoadComparison --agent <agent jar> [options]
              --agent <path>          the agent jar (required)
              --agent-options <text>  agent arguments after '=' (default http.enabled=false)
              --db <file>             database to copy for both services (default: a generated one)
              --preset <name>         size of the generated database: tiny, small, medium (default small)
              --mix <weights>         read mix of the load driver (default wiki=100)
              --write-ratio <f>       fraction of iterations that update a wiki (default 0)
              --concurrency <n>       load driver workers (default 8)
              --duration <d>          measured time per round and service (default 10s)
              --warmup <d>            unmeasured time before each measurement (default 3s)
              --rounds <n>            rounds, alternating which service goes first (default 3)
              --warmup-rounds <n>     unmeasured rounds before them, for the JIT (default 1)""";

    private LoadComparison() {
    }

    public static void main(String[] args) throws Exception {
        Options options = BenchSupport.optionsOrExit(args, Options::parse, USAGE);
        if (options == null) {
            return;
        }
        Path directory = Files.createTempDirectory("threatlens-load-comparison");
        try {
            Path template = BenchSupport.templateDatabase(options.database, options.preset, directory);
            Path plainCopy = Files.copy(template, directory.resolve("plain.db"));
            Path agentCopy = Files.copy(template, directory.resolve("agent.db"));
            try (ExampleServer plain = ExampleServer.start(plainCopy, null, "");
                 ExampleServer agent = ExampleServer.start(agentCopy, options.agentJar, options.agentOptions)) {
                compare(options, plain, agent);
            }
        } finally {
            BenchSupport.deleteRecursively(directory);
        }
    }

    private static void compare(Options options, ExampleServer plain, ExampleServer agent)
            throws IOException, InterruptedException {
        System.out.printf(Locale.ROOT, "java %s, %d processors, load average %.2f%n", Runtime.version(),
                Runtime.getRuntime().availableProcessors(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        System.out.printf(Locale.ROOT, "mix %s, write ratio %.2f, %d workers, %d rounds of %s (+%s warm-up) each; agent options: %s%n%n",
                options.mix, options.writeRatio, options.concurrency, options.rounds, options.duration, options.warmup,
                options.agentOptions.isEmpty() ? "(defaults)" : options.agentOptions);
        for (int round = 0; round < options.warmupRounds; round++) {
            LoadDriver.run(options.load(plain));
            LoadDriver.run(options.load(agent));
            System.out.printf(Locale.ROOT, "warm-up round %d done%n", round + 1);
        }
        List<LoadReport> plainRuns = new ArrayList<>();
        List<LoadReport> agentRuns = new ArrayList<>();
        for (int round = 0; round < options.rounds; round++) {
            boolean agentFirst = round % 2 == 1;
            for (boolean withAgent : agentFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                LoadReport report = LoadDriver.run(options.load(withAgent ? agent : plain));
                (withAgent ? agentRuns : plainRuns).add(report);
                System.out.printf(Locale.ROOT, "round %d %-13s %10.1f req/s  p95 %7.2f ms  errors %d%n", round + 1,
                        withAgent ? "with agent" : "without agent", report.overall().throughputRps(),
                        report.overall().p95Ms(), report.overall().errors());
            }
        }
        System.out.println();
        String format = "%-10s %14s %14s %8s %12s %12s %8s%n";
        System.out.printf(Locale.ROOT, format, "operation", "req/s without", "req/s with", "ratio", "p95 without",
                "p95 with", "ratio");
        for (String operation : operations(plainRuns)) {
            Summary without = Summary.of(plainRuns, operation);
            Summary with = Summary.of(agentRuns, operation);
            System.out.printf(Locale.ROOT, "%-10s %14.1f %14.1f %7.2fx %9.2f ms %9.2f ms %7.2fx%n", operation,
                    without.throughput, with.throughput, with.throughput / without.throughput, without.p95,
                    with.p95, with.p95 / without.p95);
        }
        long errors = agentRuns.stream().mapToLong(report -> report.overall().errors()).sum()
                + plainRuns.stream().mapToLong(report -> report.overall().errors()).sum();
        if (errors > 0) {
            System.out.println("warning: " + errors + " requests failed; the figures above are suspect");
        }
    }

    private static List<String> operations(List<LoadReport> reports) {
        List<String> names = new ArrayList<>(reports.get(0).operations().keySet());
        names.add("overall");
        return names;
    }

    /** Mean throughput and median p95 of one operation over the rounds. */
    private record Summary(double throughput, double p95) {

        static Summary of(List<LoadReport> reports, String operation) {
            List<OperationStats> stats = new ArrayList<>();
            for (LoadReport report : reports) {
                stats.add(operation.equals("overall") ? report.overall() : report.operations().get(operation));
            }
            double throughput = stats.stream().mapToDouble(OperationStats::throughputRps).average().orElse(0);
            return new Summary(throughput, BenchSupport.median(stats.stream().map(OperationStats::p95Ms).toList()));
        }
    }

    /** The command line; {@link #parse} returns null for {@code --help}. */
    private static final class Options {
        Path agentJar;
        String agentOptions = "http.enabled=false";
        Path database;
        GenerationPreset preset = GenerationPreset.SMALL;
        OperationMix mix = OperationMix.parse("wiki=100");
        double writeRatio;
        int concurrency = 8;
        Duration duration = Duration.ofSeconds(10);
        Duration warmup = Duration.ofSeconds(3);
        int rounds = 3;
        int warmupRounds = 1;

        LoadOptions load(ExampleServer server) {
            return LoadOptions.builder(server.url()).mix(mix).writeRatio(writeRatio).concurrency(concurrency)
                    .duration(duration).warmup(warmup).build();
        }

        static Options parse(String... args) {
            Options options = new Options();
            boolean run = BenchSupport.eachFlag(args, (flag, value) -> {
                switch (flag) {
                    case "--agent" -> options.agentJar = Path.of(value).toAbsolutePath().normalize();
                    case "--agent-options" -> options.agentOptions = value;
                    case "--db" -> options.database = Path.of(value).toAbsolutePath().normalize();
                    case "--preset" -> options.preset = BenchSupport.preset(value);
                    case "--mix" -> options.mix = OperationMix.parse(value);
                    case "--write-ratio" -> options.writeRatio = Double.parseDouble(value);
                    case "--concurrency" -> options.concurrency = Integer.parseInt(value);
                    case "--duration" -> options.duration = Durations.parse(value);
                    case "--warmup" -> options.warmup = Durations.parse(value);
                    case "--rounds" -> options.rounds = Integer.parseInt(value);
                    case "--warmup-rounds" -> options.warmupRounds = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            });
            if (!run) {
                return null;
            }
            if (options.agentJar == null || !Files.isRegularFile(options.agentJar)) {
                throw new IllegalArgumentException("--agent must name the agent jar; build it with mvn -B -q -ntp install -DskipTests");
            }
            if (options.rounds < 1 || options.concurrency < 1 || options.warmupRounds < 0) {
                throw new IllegalArgumentException("--rounds and --concurrency must be at least 1, --warmup-rounds at least 0");
            }
            return options;
        }
    }
}
