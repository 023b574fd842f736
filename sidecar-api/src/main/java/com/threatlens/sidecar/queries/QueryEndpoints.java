package com.threatlens.sidecar.queries;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.threatlens.sidecar.QueryParameters;

import io.javalin.http.Context;

/**
 * {@code /queries}, {@code /query-analysis} and the statistics reset.
 */
public final class QueryEndpoints {

    private static final Set<String> SORTS = Arrays.stream(StatementSort.values())
        .map(sort -> sort.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());

    private final QueryStatistics statistics;

    public QueryEndpoints(QueryStatistics statistics) {
        this.statistics = statistics;
    }

    public void queries(Context ctx) {
        QueryParameters params = QueryParameters.of(ctx, Set.of("sort", "limit", "database"));
        StatementSort sort = StatementSort.valueOf(params.oneOf("sort", "total", SORTS).toUpperCase(Locale.ROOT));
        int limit = params.integer("limit", 50, 1, 10_000);
        String database = params.text("database", null);
        List<StatementRow> rows = statistics.statements(database);
        List<StatementRow> page = rows.stream().sorted(sort.descending()).limit(limit).collect(Collectors.toList());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sort", sort.name().toLowerCase(Locale.ROOT));
        body.put("total_statements", rows.size());
        body.put("statements", page);
        ctx.json(body);
    }

    public void queryAnalysis(Context ctx) {
        QueryParameters params = QueryParameters.of(ctx, Set.of("threshold_ms"));
        int threshold = params.integer("threshold_ms", 100, 1, Integer.MAX_VALUE);
        List<SlowStatement> slow = statistics.slowerThan(threshold);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("threshold_ms", threshold);
        body.put("slow_statements", slow.size());
        body.put("statements", slow);
        ctx.json(body);
    }

    public void reset(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        statistics.reset();
        ctx.json(Map.of("reset", true));
    }
}
