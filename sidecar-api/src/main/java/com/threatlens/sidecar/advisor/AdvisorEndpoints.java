package com.threatlens.sidecar.advisor;

import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.threatlens.sidecar.ApiException;
import com.threatlens.sidecar.QueryParameters;
import com.threatlens.sidecar.tasks.TaskEndpoints;

import io.javalin.http.Context;

/**
 * The index advisor's endpoints: recommendations, existing indexes, one statement's analysis, and
 * optimize (dry run unless asked to apply). Parameters are checked here: {@code database} against
 * the databases seen, a statement id for being 16 hex digits, {@code apply}/{@code dry_run} for
 * being booleans that do not contradict each other.
 */
public final class AdvisorEndpoints {

    private static final Pattern STATEMENT_ID = Pattern.compile("[0-9a-f]{16}");
    private static final Set<String> BOOLEANS = Set.of("true", "false");
    private static final Duration RETRY_AFTER = Duration.ofSeconds(5);

    private final IndexAdvisor advisor;

    public AdvisorEndpoints(IndexAdvisor advisor) {
        this.advisor = advisor;
    }

    public void recommendations(Context ctx) {
        QueryParameters params = QueryParameters.of(ctx, Set.of("database"));
        List<DatabaseAdvice> advice = advisor.recommendations(database(params));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("recommendations", advice.stream().flatMap(one -> one.recommendations().stream())
            .sorted(Comparator.comparingDouble(Recommendation::estimatedBenefit).reversed()).toList());
        body.put("analyses", advice);
        ctx.json(body);
    }

    public void indexes(Context ctx) {
        QueryParameters params = QueryParameters.of(ctx, Set.of("database"));
        ctx.json(Map.of("databases", advisor.indexes(database(params))));
    }

    public void analyzeStatement(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        String id = ctx.pathParam("query_hash");
        if (!STATEMENT_ID.matcher(id).matches()) {
            throw ApiException.badParameter("query_hash", "'" + id + "' is not a statement id (16 hex digits, as GET /queries shows)");
        }
        ctx.json(advisor.analyze(id).orElseThrow(() -> new ApiException(404, "statement_not_found",
            "no statement " + id + " in the statistics; see GET /queries")));
    }

    public void optimize(Context ctx) {
        QueryParameters params = QueryParameters.of(ctx, Set.of("database", "apply", "dry_run", "profile"));
        String database = database(params);
        String apply = params.oneOf("apply", null, BOOLEANS);
        String dryRun = params.oneOf("dry_run", null, BOOLEANS);
        if (apply != null && dryRun != null && apply.equals(dryRun)) {
            throw ApiException.badParameter("apply", "apply=" + apply + " contradicts dry_run=" + dryRun);
        }
        boolean applying = apply != null ? apply.equals("true")
            : dryRun != null ? dryRun.equals("false") : advisor.appliesByDefault();
        boolean profile = params.oneOf("profile", "false", BOOLEANS).equals("true");
        OptimizeResult result = advisor.optimize(database, applying, profile);
        if (result.rejected() != null) {
            throw TaskEndpoints.queueFull(result.rejected(), RETRY_AFTER);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("dry_run", result.dryRun());
        body.put("database", database);
        body.put("task_id", result.taskId());
        body.put("statements", result.statements());
        ctx.status(result.taskId() == null ? 200 : 202).json(body);
    }

    private String database(QueryParameters params) {
        String database = params.text("database", null);
        Set<String> known = advisor.databases();
        if (database != null && !known.contains(database)) {
            throw ApiException.badParameter("database", "'" + database + "' is not a SQLite database the application used; known: "
                + (known.isEmpty() ? "none yet" : String.join(", ", new TreeSet<>(known))));
        }
        return database;
    }
}
