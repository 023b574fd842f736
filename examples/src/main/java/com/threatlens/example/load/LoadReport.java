package com.threatlens.example.load;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Map;

/**
 * The result of a load run: per-operation statistics (keyed by operation label, in the
 * order wiki, list, search, analytics, write; only operations that ran) and the overall.
 */
public record LoadReport(
        String url,
        double durationS,
        int concurrency,
        long wikis,
        long repos,
        Map<String, OperationStats> operations,
        OperationStats overall) {

    private static final ObjectMapper JSON =
            new ObjectMapper().setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);

    /**
     * One JSON object: {@code url, duration_s, concurrency, wikis, repos, operations: {wiki: {...}},
     * overall: {...}}, each statistic with count, errors, throughput_rps, p50_ms, p95_ms, p99_ms, max_ms.
     */
    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String toTable() {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "%s: %d workers for %.1f s, wikis 1..%d, repositories 1..%d%n",
                url, concurrency, durationS, wikis, repos));
        String format = "%-10s %10s %8s %12s %9s %9s %9s %9s%n";
        table.append(String.format(Locale.ROOT, format,
                "operation", "requests", "errors", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms"));
        operations.forEach((name, stats) -> row(table, name, stats));
        row(table, "overall", overall);
        return table.toString();
    }

    private static void row(StringBuilder table, String name, OperationStats stats) {
        table.append(String.format(Locale.ROOT, "%-10s %10d %8d %12.1f %9.2f %9.2f %9.2f %9.2f%n",
                name, stats.count(), stats.errors(), stats.throughputRps(),
                stats.p50Ms(), stats.p95Ms(), stats.p99Ms(), stats.maxMs()));
    }
}
