package com.threatlens.example.bench;

import com.threatlens.example.generate.DataGenerator;
import com.threatlens.example.generate.GenerationPreset;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Stream;

/** Small things every benchmark main needs. */
public final class BenchSupport {

    private BenchSupport() {
    }

    /**
     * The options {@code parse} makes of {@code args}; null after printing the usage for
     * {@code --help} (parse returns null); on a bad option, one error line, the usage and exit 2.
     */
    public static <T> T optionsOrExit(String[] args, Function<String[], T> parse, String usage) {
        T options;
        try {
            options = parse.apply(args);
        } catch (IllegalArgumentException bad) {
            System.err.println("error: " + bad.getMessage());
            System.err.println(usage);
            System.exit(2);
            return null;
        }
        if (options == null) {
            System.out.println(usage);
        }
        return options;
    }

    /**
     * Hands each {@code --flag value} pair of {@code args} to {@code apply}, in order; false for
     * {@code --help} or {@code -h}. A flag without a value is an IllegalArgumentException.
     */
    static boolean eachFlag(String[] args, BiConsumer<String, String> apply) {
        for (int i = 0; i < args.length; i++) {
            String flag = args[i];
            if (flag.equals("--help") || flag.equals("-h")) {
                return false;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(flag + " needs a value");
            }
            apply.accept(flag, args[++i]);
        }
        return true;
    }

    /** {@code given}, or a database of {@code preset} generated as {@code template.db} in {@code directory}. */
    static Path templateDatabase(Path given, GenerationPreset preset, Path directory) {
        if (given != null) {
            return given;
        }
        Path template = directory.resolve("template.db");
        System.err.println("Generating a " + preset.name().toLowerCase(Locale.ROOT) + " database ...");
        new DataGenerator().generate(template, preset, LocalDate.now(ZoneOffset.UTC));
        return template;
    }

    /**
     * Runs {@code work} against the example service with the agent ({@code agentOptions}), on a
     * copy of {@code database} (or of a generated one of {@code preset}) in a temporary directory
     * that is deleted afterwards, with the service.
     */
    static void withAgentService(String name, Path database, GenerationPreset preset, Path agentJar, String agentOptions,
            ServiceWork work) throws Exception {
        Path directory = Files.createTempDirectory("threatlens-" + name);
        try {
            Path template = templateDatabase(database, preset, directory);
            Path copy = Files.copy(template, directory.resolve(name + ".db"));
            try (ExampleServer server = ExampleServer.start(copy, agentJar, agentOptions)) {
                work.run(server);
            }
        } finally {
            deleteRecursively(directory);
        }
    }

    /** What a benchmark does with its running service. */
    @FunctionalInterface
    interface ServiceWork {
        void run(ExampleServer server) throws Exception;
    }

    /** The preset named by {@code --preset}, or a clear error. */
    static GenerationPreset preset(String name) {
        return GenerationPreset.fromName(name).orElseThrow(
            () -> new IllegalArgumentException("--preset must be tiny, small, medium or large, was '" + name + "'"));
    }

    /** One call of a loop timed by {@link #nanosPerCall}; {@code i} is the call's number in its batch. */
    @FunctionalInterface
    interface TimedCall {
        void call(int i) throws Throwable;
    }

    /**
     * Nanoseconds per call of {@code body}, one figure per measured batch of {@code calls} calls,
     * sorted; two unmeasured batches run first, for the JIT.
     */
    static List<Double> nanosPerCall(int batches, int calls, TimedCall body) throws Throwable {
        List<Double> nanos = new java.util.ArrayList<>();
        for (int batch = -2; batch < batches; batch++) {
            long began = System.nanoTime();
            for (int i = 0; i < calls; i++) {
                body.call(i);
            }
            if (batch >= 0) {
                nanos.add((System.nanoTime() - began) / (double) calls);
            }
        }
        return nanos.stream().sorted().toList();
    }

    /** "{median} ns per {what} (median of ... batches of ...; min, max)" of {@link #nanosPerCall}'s figures. */
    static String perCallSummary(List<Double> sorted, int calls, String what) {
        return String.format(java.util.Locale.ROOT, "%.1f ns per %s (median of %d batches of %,d; min %.1f, max %.1f)",
            sorted.get(sorted.size() / 2), what, sorted.size(), calls, sorted.get(0), sorted.get(sorted.size() - 1));
    }

    static double median(List<? extends Number> values) {
        List<Double> sorted = values.stream().map(Number::doubleValue).sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2.0;
    }

    /** Deletes a temporary directory and everything in it; a failure is only reported. */
    static void deleteRecursively(Path directory) {
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
}
