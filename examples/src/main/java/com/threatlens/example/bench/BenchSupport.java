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
