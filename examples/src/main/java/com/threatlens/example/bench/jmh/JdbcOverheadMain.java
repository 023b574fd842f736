package com.threatlens.example.bench.jmh;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import com.threatlens.example.bench.BenchSupport;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Runs {@link JdbcOverheadBenchmark} without and with the ThreatLens agent and prints what the
 * agent adds to each benchmark, in ns per operation and in percent.
 *
 * <p>Run from the project root, after {@code mvn -B -q -ntp install -DskipTests}:
 * <pre>
 * java -cp examples/target/threatlens-example.jar com.threatlens.example.bench.jmh.JdbcOverheadMain --agent agent/target/threatlens-agent.jar
 * </pre>
 *
 * <p>Both configurations run the same benchmarks with the same JVM arguments, forks, warm-up and
 * measurement; the agent's forks only get {@code -javaagent:<jar>=<agent options>} (by default
 * {@code http.enabled=false,pool.enabled=false}, so that no sidecar server runs beside the
 * benchmark and the connections are the driver's own, tuned as the plain forks' are; pass
 * {@code --agent-options http.enabled=false} to measure with pooling) and
 * {@code -Dthreatlens.bench.agent=on}, the plain forks {@code -Dthreatlens.bench.agent=off}; each
 * fork checks at set-up that the agent is, or is not, attached. The forks alternate between the
 * two configurations in the order plain, agent, agent, plain, plain, agent... (one JMH run of
 * one fork each), so that a slow drift of the machine (other processes, heat) falls on both
 * sides alike. The scores of all measurement iterations of a configuration are pooled, and the
 * error printed is JMH's: half the width of the 99.9% confidence interval of the mean. With two
 * forks or more a second table pairs each agent fork with the plain fork run next to it, which
 * is less sensitive to other load on the machine than the pooled means.
 *
 * <p>The warm-up default (10 iterations) is longer than the benchmarks alone need: in the agent's
 * forks the JIT compilers stay busy for several seconds after the benchmark starts (with the
 * agent's own code, Byte Buddy's from start-up among it), and on a machine with few cores their
 * threads take CPU time from the benchmark thread. A shorter warm-up counts that start-up cost
 * as per-query overhead; lower it only to get a quick, rough figure.
 *
 * <p>The JVM arguments of the forks are set explicitly ({@code --jvm-args}), so the arguments
 * this launcher itself was started with (a {@code -javaagent} among them) never reach a fork.
 */
public final class JdbcOverheadMain {

    static final String USAGE = """
            usage: JdbcOverheadMain [options]
              --agent <path>                agent jar (default agent/target/threatlens-agent.jar)
              --agent-options <text>        agent arguments after '=' (default http.enabled=false,pool.enabled=false)
              --forks <n>                   forks per configuration, alternating (default 2)
              --warmup-iterations <n>       warm-up iterations per fork (default 10)
              --measurement-iterations <n>  measured iterations per fork (default 5)
              --iteration-time <t>          time of each iteration, e.g. 1s, 500ms (default 1s)
              --include <regex>             benchmarks to run (default all of JdbcOverheadBenchmark)
              --jvm-args <args>             JVM arguments of every fork, space separated
                                            (default "-Xms512m -Xmx512m")
              --prof <name[:opts]>          a JMH profiler for every fork, e.g. gc, stack (repeatable)
              --quiet                       no JMH progress output, only the final table""";

    private JdbcOverheadMain() {
    }

    public static void main(String[] args) throws RunnerException {
        Settings settings = BenchSupport.optionsOrExit(args, Settings::parse, USAGE);
        if (settings == null) {
            return;
        }
        List<String> ownAgents = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(arg -> arg.startsWith("-javaagent")).toList();
        if (!ownAgents.isEmpty()) {
            System.err.println("note: this launcher runs with " + ownAgents + "; the forks do not inherit it");
        }

        Scores plain = new Scores();
        Scores agent = new Scores();
        for (int round = 0; round < settings.forks; round++) {
            boolean agentFirst = round % 2 == 1;
            if (agentFirst) {
                run(settings, true, round, agent);
                run(settings, false, round, plain);
            } else {
                run(settings, false, round, plain);
                run(settings, true, round, agent);
            }
        }
        printTable(System.out, settings, plain, agent);
    }

    private static void run(Settings settings, boolean withAgent, int round, Scores into) throws RunnerException {
        System.out.printf(Locale.ROOT, "%n### fork %d of %d %s the agent%n", round + 1, settings.forks,
            withAgent ? "with" : "without");
        ChainedOptionsBuilder options = oneFork(settings);
        if (withAgent) {
            String agentArgument = "-javaagent:" + settings.agent
                + (settings.agentOptions.isEmpty() ? "" : "=" + settings.agentOptions);
            options.jvmArgsAppend(agentArgument, "-D" + JdbcOverheadBenchmark.AGENT_PROPERTY + "=on");
        } else {
            options.jvmArgsAppend("-D" + JdbcOverheadBenchmark.AGENT_PROPERTY + "=off");
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        if (results.isEmpty()) {
            throw new RunnerException("no benchmark matched " + settings.include);
        }
        for (RunResult result : results) {
            String name = shortName(result.getParams().getBenchmark());
            for (BenchmarkResult fork : result.getBenchmarkResults()) {
                List<Double> forkScores = new ArrayList<>();
                for (IterationResult iteration : fork.getIterationResults()) {
                    forkScores.add(iteration.getPrimaryResult().getScore());
                }
                into.add(name, forkScores);
            }
        }
    }

    static void printTable(PrintStream out, Settings settings, Scores plain, Scores agent) {
        out.println();
        out.printf(Locale.ROOT, "JDBC overhead of the ThreatLens agent (%s), ns/op, mean ± 99.9%% CI half-width%n",
            settings.agentOptions.isEmpty() ? "no agent options" : settings.agentOptions);
        out.printf(Locale.ROOT, "%d fork(s) per configuration × %d measured iteration(s) of %s, "
            + "after %d warm-up iteration(s)%n",
            settings.forks, settings.measurementIterations, settings.iterationTime, settings.warmupIterations);
        String header = String.format(Locale.ROOT, "%-14s %22s %22s %22s %9s",
            "benchmark", "without agent", "with agent", "overhead", "overhead");
        out.println(header);
        out.println(String.format(Locale.ROOT, "%-14s %22s %22s %22s %9s", "", "ns/op", "ns/op", "ns/op", "%"));
        out.println("-".repeat(header.length()));
        for (Map.Entry<String, ListStatistics> entry : plain.pooled.entrySet()) {
            ListStatistics without = entry.getValue();
            ListStatistics with = agent.pooled.get(entry.getKey());
            if (with == null) {
                continue;
            }
            double base = without.getMean();
            double added = with.getMean() - base;
            double baseError = error(without);
            double agentError = error(with);
            double addedError = Math.sqrt(baseError * baseError + agentError * agentError);
            out.printf(Locale.ROOT, "%-14s %22s %22s %22s %8.1f%%%n", entry.getKey(),
                withError(base, baseError), withError(with.getMean(), agentError),
                withError(added, addedError), 100 * added / base);
        }
        if (settings.forks < 2) {
            return;
        }
        out.println();
        out.println("Paired by round (the agent's fork minus the plain fork run next to it), ns/op:");
        for (Map.Entry<String, List<Double>> entry : plain.forkMeans.entrySet()) {
            List<Double> without = entry.getValue();
            List<Double> with = agent.forkMeans.get(entry.getKey());
            if (with == null || with.size() != without.size()) {
                continue;
            }
            double[] differences = new double[without.size()];
            double[] percents = new double[without.size()];
            for (int i = 0; i < differences.length; i++) {
                differences[i] = with.get(i) - without.get(i);
                percents[i] = 100 * differences[i] / without.get(i);
            }
            Arrays.sort(differences);
            Arrays.sort(percents);
            out.printf(Locale.ROOT, "%-14s median %.1f (%.1f%%), range %.1f .. %.1f over %d rounds%n", entry.getKey(),
                median(differences), median(percents), differences[0], differences[differences.length - 1],
                differences.length);
        }
    }

    static double median(double[] sorted) {
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    static double error(ListStatistics statistics) {
        return statistics.getN() > 2 ? statistics.getMeanErrorAt(0.999) : Double.NaN;
    }

    static String withError(double value, double error) {
        return Double.isNaN(error)
            ? String.format(Locale.ROOT, "%.1f", value)
            : String.format(Locale.ROOT, "%.1f ± %.1f", value, error);
    }

    static String shortName(String benchmark) {
        int dot = benchmark.lastIndexOf('.');
        return dot < 0 ? benchmark : benchmark.substring(dot + 1);
    }

    /** One configuration's scores: all measured iterations pooled, and each fork's mean in run order. */
    static final class Scores {
        final Map<String, ListStatistics> pooled = new LinkedHashMap<>();
        final Map<String, List<Double>> forkMeans = new LinkedHashMap<>();

        void add(String benchmark, List<Double> forkScores) {
            ListStatistics all = pooled.computeIfAbsent(benchmark, name -> new ListStatistics());
            double sum = 0;
            for (double score : forkScores) {
                all.addValue(score);
                sum += score;
            }
            forkMeans.computeIfAbsent(benchmark, name -> new ArrayList<>()).add(sum / forkScores.size());
        }
    }

    /** The command line; {@link #parse} returns {@code null} for {@code --help}. */
    static final class Settings {
        Path agent = Paths.get("agent/target/threatlens-agent.jar");
        String agentOptions = "http.enabled=false,pool.enabled=false";
        int forks = 2;
        int warmupIterations = 10;
        int measurementIterations = 5;
        TimeValue iterationTime = TimeValue.seconds(1);
        String include = Pattern.quote(JdbcOverheadBenchmark.class.getName()) + "\\..*";
        List<String> jvmArgs = List.of("-Xms512m", "-Xmx512m");
        List<String> profilers = new ArrayList<>();
        boolean quiet;

        static Settings parse(String... args) {
            return parse(new Settings(), args);
        }

        /** Parses {@code args} over {@code settings}, which holds the defaults. */
        static Settings parse(Settings settings, String... args) {
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--help") || flag.equals("-h")) {
                    return null;
                }
                if (flag.equals("--quiet")) {
                    settings.quiet = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value after " + flag);
                }
                String value = args[++i];
                switch (flag) {
                    case "--agent" -> settings.agent = Paths.get(value);
                    case "--agent-options" -> settings.agentOptions = value.trim();
                    case "--forks" -> settings.forks = positive(flag, value);
                    case "--warmup-iterations" -> settings.warmupIterations = nonNegative(flag, value);
                    case "--measurement-iterations" -> settings.measurementIterations = positive(flag, value);
                    case "--iteration-time" -> settings.iterationTime = time(flag, value);
                    case "--include" -> settings.include = value;
                    case "--jvm-args" -> settings.jvmArgs = value.isBlank()
                        ? List.of() : Arrays.asList(value.trim().split("\\s+"));
                    case "--prof" -> settings.profilers.add(value);
                    default -> throw new IllegalArgumentException("unknown option " + flag);
                }
            }
            if (!Files.isRegularFile(settings.agent)) {
                throw new IllegalArgumentException("agent jar not found: " + settings.agent.toAbsolutePath()
                    + " (build it with mvn -B -q -ntp install -DskipTests, or pass --agent <path>)");
            }
            settings.agent = settings.agent.toAbsolutePath().normalize();
            return settings;
        }

        private static int positive(String flag, String value) {
            int n = nonNegative(flag, value);
            if (n == 0) {
                throw new IllegalArgumentException(flag + " must be at least 1");
            }
            return n;
        }

        private static int nonNegative(String flag, String value) {
            try {
                int n = Integer.parseInt(value);
                if (n < 0) {
                    throw new IllegalArgumentException(flag + " must not be negative: " + value);
                }
                return n;
            } catch (NumberFormatException notNumber) {
                throw new IllegalArgumentException(flag + " expects a whole number: " + value);
            }
        }

        private static TimeValue time(String flag, String value) {
            TimeValue time;
            try {
                time = TimeValue.fromString(value);
            } catch (IllegalArgumentException bad) {
                throw new IllegalArgumentException(flag + " expects a time such as 1s or 500ms: " + value);
            }
            if (time.getTime() <= 0) {
                throw new IllegalArgumentException(flag + " must be positive: " + value);
            }
            return time;
        }
    }

    /** Adds JMH profilers given as {@code name} or {@code name:options}. */
    private static void addProfilers(ChainedOptionsBuilder options, List<String> profilers) {
        for (String profiler : profilers) {
            int colon = profiler.indexOf(':');
            if (colon < 0) {
                options.addProfiler(profiler);
            } else {
                options.addProfiler(profiler.substring(0, colon), profiler.substring(colon + 1));
            }
        }
    }

    /** One fork of the chosen benchmarks with the settings' iterations, JVM arguments and profilers. */
    static ChainedOptionsBuilder oneFork(Settings settings) {
        ChainedOptionsBuilder options = new OptionsBuilder()
            .include(settings.include)
            .forks(1)
            .warmupIterations(settings.warmupIterations)
            .warmupTime(settings.iterationTime)
            .measurementIterations(settings.measurementIterations)
            .measurementTime(settings.iterationTime)
            .threads(1)
            .shouldFailOnError(true)
            .verbosity(settings.quiet ? VerboseMode.SILENT : VerboseMode.NORMAL)
            .jvmArgs(settings.jvmArgs.toArray(new String[0]));
        addProfilers(options, settings.profilers);
        return options;
    }
}
