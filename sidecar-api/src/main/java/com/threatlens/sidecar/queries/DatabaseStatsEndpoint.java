package com.threatlens.sidecar.queries;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.threatlens.sidecar.ApiException;
import com.threatlens.sidecar.QueryParameters;
import com.threatlens.sidecar.pools.ConnectionPools;
import com.threatlens.sidecar.pools.PoolRow;

import io.javalin.http.Context;

/**
 * {@code GET /database/stats}: per database, its statement totals and heaviest statements
 * (query statistics) and its connection pools (pooling). Either feature may be off.
 */
public final class DatabaseStatsEndpoint {

    private final QueryStatistics statistics;
    private final ConnectionPools pools;

    public DatabaseStatsEndpoint(QueryStatistics statistics, ConnectionPools pools) {
        this.statistics = statistics;
        this.pools = pools;
    }

    public void handle(Context ctx) {
        QueryParameters params = QueryParameters.of(ctx, Set.of("top"));
        int top = params.integer("top", 10, 1, 100);
        if (statistics == null && pools == null) {
            throw new ApiException(404, "feature_off",
                "query statistics and pooling are both switched off in the agent's configuration");
        }
        Map<String, List<PoolRow>> poolsByDatabase = pools == null ? Map.of() : pools.pools().stream()
            .collect(Collectors.groupingBy(PoolRow::database, LinkedHashMap::new, Collectors.toList()));
        List<DatabaseRow> databases = new ArrayList<>();
        if (statistics != null) {
            for (DatabaseRow row : statistics.databases(top)) {
                databases.add(row.withPools(poolsByDatabase.getOrDefault(row.url(), List.of())));
            }
        }
        Set<String> listed = databases.stream().map(DatabaseRow::url).collect(Collectors.toSet());
        poolsByDatabase.forEach((url, rows) -> {
            if (!listed.contains(url)) {
                databases.add(DatabaseRow.poolsOnly(url, rows));
            }
        });
        Map<String, Object> body = new LinkedHashMap<>();
        if (statistics != null) {
            body.put("summary", statistics.summary());
        }
        body.put("databases", databases);
        ctx.json(body);
    }
}
