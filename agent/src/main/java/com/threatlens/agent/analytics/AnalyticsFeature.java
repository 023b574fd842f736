package com.threatlens.agent.analytics;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import com.threatlens.agent.bootstrap.AgentLog;
import com.threatlens.agent.cache.AgentResults;
import com.threatlens.agent.config.AgentConfig;
import com.threatlens.agent.config.Settings;
import com.threatlens.agent.data.ThreatLensDatabase;
import com.threatlens.agent.tasks.TaskRecord;
import com.threatlens.agent.tasks.TaskRejectedException;
import com.threatlens.agent.tasks.TaskRequest;
import com.threatlens.agent.tasks.TaskProcessor;
import com.threatlens.sidecar.ApiException;
import com.threatlens.sidecar.MetricsSection;
import com.threatlens.sidecar.analytics.AnalyticsAnswer;
import com.threatlens.sidecar.analytics.AnalyticsRequest;
import com.threatlens.sidecar.analytics.SecurityAnalytics;
import com.threatlens.sidecar.queries.QueryStatistics;

/**
 * The optimized analytics. Figures over the ThreatLens tables are cached in the {@code analytics}
 * region and follow the application's writes to the tables they read; on a miss they are computed
 * by a background task (one per set of figures, however many requests ask), which the request waits
 * for up to its {@code wait_ms} before answering with the task to poll. {@code query-performance}
 * is read from the agent's memory and is never cached.
 */
public final class AnalyticsFeature implements SecurityAnalytics, MetricsSection {

    /** Analytics computation is the seed's band 10 to 15. */
    static final int PRIORITY = 12;
    static final long HISTORY_SAMPLE_SECONDS = 60;
    /** Past this many computations remembered, those that are over are forgotten. */
    static final int MAX_PENDING = 256;

    private final ThreatLensDatabase database;
    private final AgentResults results;
    private final AgentResults.Kind figures;
    private final QueryHistory history;
    private final Clock clock;
    private final Map<AnalyticsKey, Pending> pending = new ConcurrentHashMap<>();
    private volatile TaskProcessor processor;
    private ScheduledExecutorService sampler;

    private final LongAdder requests = new LongAdder();
    private final LongAdder fromCache = new LongAdder();
    private final LongAdder computed = new LongAdder();
    private final LongAdder answeredLater = new LongAdder();

    /**
     * @param results    null: nothing is cached (the cache is off)
     * @param statistics null: the JDBC feature is off, and {@code query-performance} says so
     */
    public AnalyticsFeature(ThreatLensDatabase database, AgentResults results, QueryStatistics statistics, Clock clock) {
        this.database = database;
        this.results = results;
        this.figures = results == null ? null : results.kind("analytics", "analytics");
        this.history = statistics == null ? null : new QueryHistory(statistics, clock::millis);
        this.clock = clock;
    }

    public static boolean isOn(AgentConfig config) {
        return config.isFeatureOn(Settings.FEATURE_ANALYTICS) && config.get(Settings.ANALYTICS_ENABLED);
    }

    /** Computes figures as tasks of {@code processor}; without one they are computed in the request. */
    public void useTasks(TaskProcessor processor) {
        this.processor = processor;
    }

    /** Starts sampling the statement statistics for {@code query-performance}. */
    public void connect() {
        if (history == null) {
            return;
        }
        sampler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "threatlens-query-history");
            thread.setDaemon(true);
            return thread;
        });
        sampler.scheduleAtFixedRate(() -> {
            try {
                history.sample();
            } catch (RuntimeException failed) {
                AgentLog.debug("query history sample failed: " + failed);
            }
        }, HISTORY_SAMPLE_SECONDS, HISTORY_SAMPLE_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public AnalyticsAnswer compute(AnalyticsRequest request) {
        long start = System.nanoTime();
        requests.increment();
        Instant since = clock.instant().truncatedTo(ChronoUnit.DAYS).minus(request.timeRangeDays(), ChronoUnit.DAYS);
        if (request.type().equals("query-performance")) {
            if (history == null) {
                throw new ApiException(404, "feature_off", "query-performance needs the jdbc feature, which is off");
            }
            Map<String, Object> data = history.since(since, request.timeRangeDays());
            if (request.repoId() != null) {
                data.put("note", "repo_id does not apply: statement statistics are per database");
            }
            return AnalyticsAnswer.ready(data, false, millisSince(start));
        }
        AnalyticsKey key = new AnalyticsKey(request.type(), request.repoId(), request.timeRangeDays(),
            since.toString());
        Object cached = results == null ? null : results.peek(figures, key);
        if (cached != null) {
            fromCache.increment();
            return AnalyticsAnswer.ready(cached, true, millisSince(start));
        }
        TaskProcessor tasks = processor;
        if (tasks == null) {
            CompletableFuture<Object> value = new CompletableFuture<>();
            complete(value, key);
            return answer(value, null, request, start);
        }
        if (pending.size() > MAX_PENDING) {
            pending.values().removeIf(Pending::over);
        }
        Pending computing = pending.compute(key, (k, running) -> running == null || running.over()
            ? startComputing(tasks, k) : running);
        return answer(computing.value, computing.task, request, start);
    }

    private AnalyticsAnswer answer(CompletableFuture<Object> value, TaskRecord task, AnalyticsRequest request,
                                   long start) {
        try {
            Object data = task == null ? value.get() : value.get(request.maxWait().toMillis(), TimeUnit.MILLISECONDS);
            return AnalyticsAnswer.ready(data, false, millisSince(start));
        } catch (TimeoutException notYet) {
            answeredLater.increment();
            return AnalyticsAnswer.pending(task.id(), task.state().name().toLowerCase(Locale.ROOT));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted", "the request was interrupted while waiting for the figures");
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            if (cause instanceof ApiException) {
                throw (ApiException) cause;
            }
            throw new ApiException(500, "analytics_failed", "the figures could not be computed: " + cause.getMessage());
        }
    }

    /** Queues the computation of {@code key}; a full queue is a 503 to retry. */
    private Pending startComputing(TaskProcessor tasks, AnalyticsKey key) {
        CompletableFuture<Object> value = new CompletableFuture<>();
        try {
            TaskRecord task = tasks.submit(TaskRequest.of("analytics-" + key.type(), PRIORITY,
                key.type() + (key.repoId() == null ? "" : " of repository " + key.repoId()) + ", " + key.days() + " days",
                context -> {
                    complete(value, key);
                    value.get();
                    return key.type() + " computed";
                }));
            return new Pending(task, value);
        } catch (TaskRejectedException full) {
            throw ApiException.unavailable("queue_full", "the background task queue is full; try again shortly: "
                + full.getMessage(), TaskProcessor.RETRY_AFTER);
        }
    }

    private void complete(CompletableFuture<Object> value, AnalyticsKey key) {
        try {
            Object data = results == null ? computeNow(key)
                : results.get(figures, key, database.statsName(), ThreatLensAnalytics.tablesRead(key.type()),
                    () -> computeNow(key));
            value.complete(data);
        } catch (Exception | Error failed) {
            value.completeExceptionally(failed);
        }
    }

    private Map<String, Object> computeNow(AnalyticsKey key) throws SQLException {
        computed.increment();
        return database.read(connection -> ThreatLensAnalytics.compute(connection, key));
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }

    @Override
    public String name() {
        return "analytics";
    }

    @Override
    public Map<String, Object> snapshot() {
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("requests", requests.sum());
        section.put("served_from_cache", fromCache.sum());
        section.put("computed", computed.sum());
        section.put("answered_with_task", answeredLater.sum());
        section.put("computing", pending.values().stream().filter(computing -> !computing.over()).count());
        return section;
    }

    /** A computation under way: its task and its value. */
    private record Pending(TaskRecord task, CompletableFuture<Object> value) {

        /**
         * Done, or ended without a value (cancelled before it ran, interrupted): a new request
         * starts anew, and finds the figures in the cache when they are still fresh.
         */
        boolean over() {
            return value.isDone() || task.state().finished();
        }
    }
}
