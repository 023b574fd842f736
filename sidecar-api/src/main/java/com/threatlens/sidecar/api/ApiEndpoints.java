package com.threatlens.sidecar.api;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.threatlens.sidecar.QueryParameters;

import io.javalin.http.Context;

/** {@code /api/stats}: the route table of the host's own HTTP API. */
public final class ApiEndpoints {

    private static final Set<String> SORTS = Arrays.stream(RouteSort.values())
        .map(sort -> sort.name().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());

    private final ApiStatistics statistics;

    public ApiEndpoints(ApiStatistics statistics) {
        this.statistics = statistics;
    }

    public void stats(Context ctx) {
        QueryParameters params = QueryParameters.of(ctx, Set.of("sort", "limit"));
        RouteSort sort = RouteSort.valueOf(params.oneOf("sort", "total", SORTS).toUpperCase(Locale.ROOT));
        int limit = params.integer("limit", 50, 1, 10_000);
        List<RouteRow> routes = statistics.routes();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sort", sort.name().toLowerCase(Locale.ROOT));
        body.put("total_routes", routes.size());
        body.put("summary", statistics.summary());
        body.put("routes", routes.stream().sorted(sort.descending()).limit(limit).collect(Collectors.toList()));
        ctx.json(body);
    }
}
