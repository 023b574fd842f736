package com.threatlens.sidecar.analytics;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.threatlens.sidecar.ApiException;
import com.threatlens.sidecar.QueryParameters;
import com.threatlens.sidecar.SidecarServer;

import io.javalin.http.Context;

/**
 * {@code GET /analytics/{type}}: 200 with the figures when they are cached or computed within
 * {@code wait_ms}; else 202 with the background task that computes them, after which the same
 * request is answered from the cache.
 */
public final class AnalyticsEndpoints {

    static final int DEFAULT_DAYS = 30;
    static final int MAX_DAYS = 365;
    static final int DEFAULT_WAIT_MS = 2_000;
    static final int MAX_WAIT_MS = 30_000;
    static final int MAX_REPO_ID_LENGTH = 100;

    private final SecurityAnalytics analytics;

    public AnalyticsEndpoints(SecurityAnalytics analytics) {
        this.analytics = analytics;
    }

    public void compute(Context ctx) {
        String type = ctx.pathParam("type");
        if (!SecurityAnalytics.TYPES.contains(type)) {
            throw new ApiException(404, "unknown_analytics_type", "no analytics '" + type + "'; known: "
                + String.join(", ", SecurityAnalytics.TYPES));
        }
        QueryParameters params = QueryParameters.of(ctx, Set.of("repo_id", "time_range_days", "wait_ms"));
        String repoId = params.text("repo_id", null);
        if (repoId != null) {
            repoId = repoId.trim();
            if (repoId.isEmpty() || repoId.length() > MAX_REPO_ID_LENGTH || repoId.chars().anyMatch(Character::isISOControl)) {
                throw ApiException.badParameter("repo_id", "expected a repository id of 1 to " + MAX_REPO_ID_LENGTH + " printable characters");
            }
        }
        int days = params.integer("time_range_days", DEFAULT_DAYS, 1, MAX_DAYS);
        int waitMs = params.integer("wait_ms", DEFAULT_WAIT_MS, 0, MAX_WAIT_MS);
        AnalyticsAnswer answer = analytics.compute(new AnalyticsRequest(type, repoId, days, Duration.ofMillis(waitMs)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("repo_id", repoId);
        body.put("time_range_days", days);
        if (answer.isReady()) {
            body.put("cached", answer.cached());
            body.put("took_ms", answer.tookMs());
            body.put("data", answer.data());
            ctx.json(body);
        } else {
            body.put("task_id", answer.taskId());
            body.put("state", answer.taskState());
            body.put("poll", SidecarServer.BASE + "/background-tasks/" + answer.taskId());
            ctx.status(202).json(body);
        }
    }
}
