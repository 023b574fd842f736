package com.threatlens.sidecar.tasks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.threatlens.sidecar.ApiException;
import com.threatlens.sidecar.QueryParameters;

import io.javalin.http.Context;

/**
 * {@code /background-tasks}: the task processor's figures, its recent tasks, one task, and
 * cancellation. Filters are checked here, before the processor sees them.
 */
public final class TaskEndpoints {

    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 1_000;

    private final BackgroundTasks tasks;

    public TaskEndpoints(BackgroundTasks tasks) {
        this.tasks = tasks;
    }

    /**
     * The answer to a submission the processor refused because its queue is full: a 503 with the
     * error shape and {@code Retry-After}, for endpoints that queue work.
     */
    public static ApiException queueFull(String detail, Duration retryAfter) {
        return ApiException.unavailable("queue_full", detail, retryAfter);
    }

    public void list(Context ctx) {
        QueryParameters params = QueryParameters.of(ctx, Set.of("state", "type", "limit"));
        String state = params.oneOf("state", null, new TreeSet<>(BackgroundTasks.STATES));
        Set<String> types = tasks.types();
        String type = params.text("type", null);
        if (type != null && !types.contains(type)) {
            throw ApiException.badParameter("type", "'" + type + "' is not a task type seen so far; accepted: "
                + (types.isEmpty() ? "none yet" : String.join("|", new TreeSet<>(types))));
        }
        int limit = params.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        TasksOverview overview = tasks.overview();
        List<TaskRow> rows = tasks.tasks(state, type, limit);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("counts", overview.counts());
        body.put("queue_size", overview.queueSize());
        body.put("queue_limit", overview.queueLimit());
        body.put("workers", overview.workers());
        body.put("state", state);
        body.put("type", type);
        body.put("tasks", rows);
        ctx.json(body);
    }

    public void one(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        String id = ctx.pathParam("task_id");
        ctx.json(tasks.task(id).orElseThrow(() -> unknown(id)));
    }

    public void cancel(Context ctx) {
        QueryParameters.of(ctx, Set.of());
        String id = ctx.pathParam("task_id");
        Cancellation cancellation = tasks.cancel(id);
        switch (cancellation.outcome()) {
            case UNKNOWN:
                throw unknown(id);
            case FINISHED:
                throw new ApiException(409, "task_finished", "task " + id + " has already finished ("
                    + cancellation.task().state() + "); only queued or running tasks can be cancelled");
            default:
                ctx.json(cancellation.task());
        }
    }

    private static ApiException unknown(String id) {
        return new ApiException(404, "task_not_found", "no task " + id
            + "; finished tasks are forgotten after a while, see GET /background-tasks");
    }
}
