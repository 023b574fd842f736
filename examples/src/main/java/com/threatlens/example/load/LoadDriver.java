package com.threatlens.example.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Drives HTTP load against the ThreatLens service: {@code concurrency} threads in closed
 * loops for warmup plus duration, then a table (or with {@code --json} one JSON object) of
 * per-operation counts, errors (non-2xx or no answer), throughput and latency percentiles.
 * Use {@link #run(LoadOptions)} to drive load from code.
 */
public final class LoadDriver {

    private LoadDriver() {
    }

    public static void main(String[] args) {
        if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(LoadOptions.USAGE);
            return;
        }
        LoadOptions options;
        try {
            options = LoadOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(LoadOptions.USAGE);
            System.exit(2);
            return;
        }
        try {
            if (!options.json()) {
                System.err.printf("Warming up for %s, then measuring for %s with %d workers ...%n",
                        options.warmup(), options.duration(), options.concurrency());
            }
            LoadReport report = run(options);
            System.out.print(options.json() ? report.toJson() + System.lineSeparator() : report.toTable());
        } catch (IOException e) {
            System.err.println("error: cannot reach " + options.url() + ": " + e);
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(1);
        }
    }

    /** Runs the load and blocks until every worker has stopped (warmup + duration, plus the last answers). */
    public static LoadReport run(LoadOptions options) throws IOException, InterruptedException {
        long wikis = options.wikis();
        long repos = options.repos();
        if (wikis == 0 || repos == 0) {
            JsonNode health = discover(options.url());
            wikis = wikis == 0 ? health.path("wiki_count").asLong() : wikis;
            repos = repos == 0 ? health.path("repo_count").asLong() : repos;
        }
        if (wikis < 1 || repos < 1) {
            throw new IOException("the service reports no wikis or repositories to address");
        }
        Workload workload = new Workload(options.mix(), options.writeRatio(), sampler(options, wikis), repos);

        long measureFrom = System.nanoTime() + options.warmup().toNanos();
        long stopAt = measureFrom + options.duration().toNanos();
        List<LoadWorker> workers = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < options.concurrency(); i++) {
            LoadWorker worker = new LoadWorker(options.url(), workload, new SplittableRandom(options.seed() + i),
                    measureFrom, stopAt);
            Thread thread = new Thread(worker, "load-worker-" + (i + 1));
            workers.add(worker);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = Math.max(1e-9, (System.nanoTime() - measureFrom) / 1e9);
        return report(options, wikis, repos, workers, seconds);
    }

    private static JsonNode discover(URI serviceUrl) throws IOException {
        try (ServiceClient client = new ServiceClient(serviceUrl)) {
            ServiceClient.Response response = client.get("/api/health");
            if (!response.ok()) {
                throw new IOException("GET /api/health answered " + response.status());
            }
            return new ObjectMapper().readTree(response.body());
        }
    }

    private static IdSampler sampler(LoadOptions options, long wikis) {
        if (options.ids() == LoadOptions.IdDistribution.ZIPF) {
            return IdSampler.zipf((int) Math.min(wikis, Integer.MAX_VALUE - 8), options.zipfExponent());
        }
        return IdSampler.uniform(wikis);
    }

    private static LoadReport report(LoadOptions options, long wikis, long repos, List<LoadWorker> workers,
            double seconds) {
        Map<String, OperationStats> operations = new LinkedHashMap<>();
        LatencyRecorder overall = new LatencyRecorder();
        for (Operation operation : Operation.values()) {
            LatencyRecorder merged = new LatencyRecorder();
            for (LoadWorker worker : workers) {
                LatencyRecorder recorder = worker.recorders().get(operation);
                if (recorder != null) {
                    merged.addAll(recorder);
                }
            }
            if (merged.count() > 0) {
                operations.put(operation.label(), merged.stats(seconds));
                overall.addAll(merged);
            }
        }
        return new LoadReport(options.url().toString(), Math.round(seconds * 1000) / 1000.0,
                options.concurrency(), wikis, repos, operations, overall.stats(seconds));
    }
}
