package com.threatlens.example.bench.jmh;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.threatlens.example.bench.BenchSupport;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Runs {@link CacheHitBenchmark} with the ThreatLens agent and prints what a cache hit costs
 * compared with a plain Caffeine {@code getIfPresent} of the same key (the floor).
 *
 * <p>Run from the project root, after {@code mvn -B -q -ntp install -DskipTests}:
 * <pre>
 * java -cp examples/target/threatlens-example.jar com.threatlens.example.bench.jmh.CacheHitMain --agent agent/target/threatlens-agent.jar
 * </pre>
 *
 * <p>Every fork gets {@code -javaagent:<jar>=<agent options>,cache.rules=<file>}, where the file
 * is written here and holds one rule, for {@link CachedLookupService#lookup}. The default agent
 * options turn the sidecar server, the connection pool and the disk tier off: a hit is served from
 * memory and never reads the disk (the disk is read only on a memory miss), so the disk tier
 * would change nothing measured here but start-up. The forks run in rounds, each round one fork of
 * every benchmark, so a slow drift of the machine falls on all of them alike; the scores of all
 * measured iterations of a benchmark are pooled, and the error printed is JMH's: half the width
 * of the 99.9% confidence interval of the mean. With {@code --prof gc} the bytes allocated per
 * operation are printed too.
 *
 * <p>The warm-up default (10 iterations, as {@link JdbcOverheadMain}'s) is what the hit needs on a
 * machine with two cores: with five, the first measured iterations of a fork still ran several
 * times slower while the JIT compilers finished the agent's code.
 */
public final class CacheHitMain {

    static final String DEFAULT_AGENT_OPTIONS = "http.enabled=false,pool.enabled=false,cache.disk.enabled=false";
    /** What the product asks of a hit: at most this much above the floor. */
    static final double GOAL_NANOS = 300;

    static final String USAGE = """
            usage: CacheHitMain [options]
              --agent <path>                agent jar (default agent/target/threatlens-agent.jar)
              --agent-options <text>        agent arguments after '=', cache.rules excepted
                                            (default http.enabled=false,pool.enabled=false,cache.disk.enabled=false)
              --forks <n>                   forks per benchmark, one of each per round (default 3)
              --warmup-iterations <n>       warm-up iterations per fork (default 10)
              --measurement-iterations <n>  measured iterations per fork (default 5)
              --iteration-time <t>          time of each iteration, e.g. 1s, 500ms (default 1s)
              --include <regex>             benchmarks to run (default all of CacheHitBenchmark)
              --jvm-args <args>             JVM arguments of every fork, space separated
                                            (default "-Xms512m -Xmx512m")
              --prof <name[:opts]>          a JMH profiler for every fork, e.g. gc, stack (repeatable)
              --quiet                       no JMH progress output, only the final table""";

    private static final String HIT = "cachedHit";
    private static final String FLOOR = "caffeineFloor";
    private static final String EXPIRING = "caffeineExpiring";
    private static final String ALLOCATION = "gc.alloc.rate.norm";

    private CacheHitMain() {
    }

    public static void main(String[] args) throws RunnerException, IOException {
        JdbcOverheadMain.Settings settings = BenchSupport.optionsOrExit(args,
            arguments -> JdbcOverheadMain.Settings.parse(defaults(), arguments), USAGE);
        if (settings == null) {
            return;
        }
        Path rules = Files.createTempFile("threatlens-cache-hit-", ".properties");
        try {
            Files.writeString(rules, rules(), StandardCharsets.UTF_8);
            String agentArgument = "-javaagent:" + settings.agent + "="
                + (settings.agentOptions.isEmpty() ? "" : settings.agentOptions + ",") + "cache.rules=" + rules;
            JdbcOverheadMain.Scores times = new JdbcOverheadMain.Scores();
            JdbcOverheadMain.Scores allocations = new JdbcOverheadMain.Scores();
            for (int round = 0; round < settings.forks; round++) {
                run(settings, agentArgument, round, times, allocations);
            }
            printTable(System.out, settings, times, allocations);
        } finally {
            Files.deleteIfExists(rules);
        }
    }

    static JdbcOverheadMain.Settings defaults() {
        JdbcOverheadMain.Settings defaults = new JdbcOverheadMain.Settings();
        defaults.agentOptions = DEFAULT_AGENT_OPTIONS;
        defaults.forks = 3;
        defaults.include = Pattern.quote(CacheHitBenchmark.class.getName()) + "\\..*";
        return defaults;
    }

    /** The rules file the forks get: {@link CachedLookupService#lookup} cached for an hour. */
    static String rules() {
        return "region.cache-hit-bench = 1h\n"
            + "rule.cache-hit-bench = " + CachedLookupService.class.getName() + "#lookup(long); region=cache-hit-bench\n";
    }

    private static void run(JdbcOverheadMain.Settings settings, String agentArgument, int round,
                            JdbcOverheadMain.Scores times, JdbcOverheadMain.Scores allocations) throws RunnerException {
        System.out.printf(Locale.ROOT, "%n### round %d of %d%n", round + 1, settings.forks);
        ChainedOptionsBuilder options = JdbcOverheadMain.oneFork(settings).jvmArgsAppend(agentArgument);
        Collection<RunResult> results = new Runner(options.build()).run();
        if (results.isEmpty()) {
            throw new RunnerException("no benchmark matched " + settings.include);
        }
        for (RunResult result : results) {
            String name = JdbcOverheadMain.shortName(result.getParams().getBenchmark());
            for (BenchmarkResult fork : result.getBenchmarkResults()) {
                List<Double> forkTimes = new ArrayList<>();
                List<Double> forkAllocations = new ArrayList<>();
                for (IterationResult iteration : fork.getIterationResults()) {
                    forkTimes.add(iteration.getPrimaryResult().getScore());
                    for (var secondary : iteration.getSecondaryResults().entrySet()) {
                        if (secondary.getKey().endsWith(ALLOCATION)) {
                            Result<?> bytes = secondary.getValue();
                            forkAllocations.add(bytes.getScore());
                        }
                    }
                }
                times.add(name, forkTimes);
                if (!forkAllocations.isEmpty()) {
                    allocations.add(name, forkAllocations);
                }
            }
        }
    }

    static void printTable(PrintStream out, JdbcOverheadMain.Settings settings, JdbcOverheadMain.Scores times,
                           JdbcOverheadMain.Scores allocations) {
        out.println();
        out.printf(Locale.ROOT, "Cost of a method-cache hit of the ThreatLens agent (%s), mean ± 99.9%% CI half-width%n",
            settings.agentOptions.isEmpty() ? "no agent options" : settings.agentOptions);
        out.printf(Locale.ROOT, "%d fork(s) per benchmark × %d measured iteration(s) of %s, "
            + "after %d warm-up iteration(s)%n",
            settings.forks, settings.measurementIterations, settings.iterationTime, settings.warmupIterations);
        boolean withAllocation = !allocations.pooled.isEmpty();
        String format = withAllocation ? "%-14s %22s %14s%n" : "%-14s %22s%n";
        String header = String.format(Locale.ROOT, format, "benchmark", "ns/op", "bytes/op");
        out.print(header);
        out.println("-".repeat(header.strip().length()));
        times.pooled.forEach((name, statistics) -> {
            ListStatistics bytes = allocations.pooled.get(name);
            out.printf(Locale.ROOT, format, name, scoreOf(statistics),
                bytes == null ? "" : String.format(Locale.ROOT, "%.1f", bytes.getMean()));
        });
        ListStatistics hit = times.pooled.get(HIT);
        ListStatistics floor = times.pooled.get(FLOOR);
        if (hit == null || floor == null) {
            return;
        }
        double hitError = JdbcOverheadMain.error(hit);
        double floorError = JdbcOverheadMain.error(floor);
        double added = hit.getMean() - floor.getMean();
        double addedError = Math.sqrt(hitError * hitError + floorError * floorError);
        out.println();
        out.printf(Locale.ROOT, "hit - floor: %s ns/op (goal: under %.0f ns): %s%n",
            JdbcOverheadMain.withError(added, addedError), GOAL_NANOS, added < GOAL_NANOS ? "met" : "NOT met");
        ListStatistics expiring = times.pooled.get(EXPIRING);
        if (expiring != null) {
            double expiringError = JdbcOverheadMain.error(expiring);
            out.printf(Locale.ROOT, "  for comparison, what Caffeine's own per-entry expiry adds to a get (%s - %s): %s ns/op%n", EXPIRING, FLOOR,
                JdbcOverheadMain.withError(expiring.getMean() - floor.getMean(),
                    Math.sqrt(expiringError * expiringError + floorError * floorError)));
        }
        List<Double> hitForks = times.forkMeans.get(HIT);
        List<Double> floorForks = times.forkMeans.get(FLOOR);
        if (hitForks.size() >= 2 && hitForks.size() == floorForks.size()) {
            double[] differences = new double[hitForks.size()];
            for (int i = 0; i < differences.length; i++) {
                differences[i] = hitForks.get(i) - floorForks.get(i);
            }
            Arrays.sort(differences);
            out.printf(Locale.ROOT, "paired by round: median %.1f, range %.1f .. %.1f ns/op over %d rounds%n",
                JdbcOverheadMain.median(differences), differences[0], differences[differences.length - 1],
                differences.length);
        }
    }

    private static String scoreOf(ListStatistics statistics) {
        return JdbcOverheadMain.withError(statistics.getMean(), JdbcOverheadMain.error(statistics));
    }
}
