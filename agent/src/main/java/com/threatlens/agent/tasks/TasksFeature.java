package com.threatlens.agent.tasks;

import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToDoubleFunction;

import com.threatlens.agent.config.AgentConfig;
import com.threatlens.agent.config.Settings;
import com.threatlens.sidecar.ComponentHealth;
import com.threatlens.sidecar.HealthCheck;
import com.threatlens.sidecar.tasks.BackgroundTasks;
import com.threatlens.sidecar.tasks.Cancellation;
import com.threatlens.sidecar.tasks.TaskRow;
import com.threatlens.sidecar.tasks.TasksOverview;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The background task processor as a feature: builds it from the configuration, stops it when the
 * JVM exits, publishes its meters, and answers the sidecar's {@code /background-tasks} endpoints and
 * its {@code tasks} health component. Other features queue work through {@link #processor()}.
 */
public final class TasksFeature implements BackgroundTasks, HealthCheck {

    /** How far back the health component looks at finished tasks. */
    static final Duration FAILURE_WINDOW = Duration.ofMinutes(15);
    /** Fewer finished tasks than this in the window say nothing about a failure rate. */
    static final int MIN_FINISHED_FOR_RATE = 5;
    static final int QUEUE_DEGRADED_PERCENT = 80;
    /** How long the JVM's exit may wait for interrupted tasks to return. */
    static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(2);

    private final TaskSettings settings;
    private final TaskProcessor processor;
    private final TaskClock clock;

    public TasksFeature(AgentConfig config) {
        this(TaskSettings.from(config), TaskClock.SYSTEM);
    }

    TasksFeature(TaskSettings settings, TaskClock clock) {
        this(settings, new RetryPolicy(settings.retries(), settings.retryBackoff()), clock);
    }

    TasksFeature(TaskSettings settings, RetryPolicy retryPolicy, TaskClock clock) {
        this.settings = settings;
        this.clock = clock;
        this.processor = new TaskProcessor(settings, retryPolicy, clock);
    }

    /** Whether the configuration asks for the processor (and no mistake switched it off). */
    public static boolean isOn(AgentConfig config) {
        return config.isFeatureOn(Settings.FEATURE_TASKS) && config.get(Settings.TASKS_ENABLED);
    }

    /** Starts the workers, and stops them when the JVM exits. */
    public void connect() {
        processor.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processor.shutdown(SHUTDOWN_WAIT),
            "threatlens-tasks-shutdown"));
    }

    public TaskProcessor processor() {
        return processor;
    }

    /** Publishes the processor's figures as Micrometer meters; attempt durations are timed per type. */
    public void bindMeters(MeterRegistry registry) {
        Gauge.builder("threatlens.tasks.queued", processor, TaskProcessor::queueSize)
            .description("Background tasks waiting to run, retries waiting included").register(registry);
        Gauge.builder("threatlens.tasks.running", processor, TaskProcessor::runningCount)
            .description("Background tasks running now").register(registry);
        counter(registry, "threatlens.tasks.completed", processor, p -> p.succeeded.sum(), "Background tasks that succeeded");
        counter(registry, "threatlens.tasks.failed", processor, p -> p.failed.sum(),
            "Background tasks that failed, time limits exceeded included");
        counter(registry, "threatlens.tasks.timed.out", processor, p -> p.timedOut.sum(),
            "Background task attempts interrupted at their time limit");
        counter(registry, "threatlens.tasks.retried", processor, p -> p.retried.sum(), "Retries of background tasks");
        counter(registry, "threatlens.tasks.rejected", processor, p -> p.rejected.sum(),
            "Background tasks refused because the queue was full");
        counter(registry, "threatlens.tasks.cancelled", processor, p -> p.cancelled.sum(), "Background tasks cancelled");
        processor.recordDurationsIn(registry);
    }

    private static void counter(MeterRegistry registry, String name, TaskProcessor processor,
                                ToDoubleFunction<TaskProcessor> count, String description) {
        FunctionCounter.builder(name, processor, count).description(description).register(registry);
    }

    @Override
    public TasksOverview overview() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (TaskState state : TaskState.values()) {
            counts.put(state.label(), 0L);
        }
        for (TaskRecord task : processor.tasks()) {
            counts.merge(task.state().label(), 1L, Long::sum);
        }
        return new TasksOverview(counts, processor.queueSize(), processor.queueLimit(), processor.workers());
    }

    @Override
    public Set<String> types() {
        return processor.types();
    }

    @Override
    public List<TaskRow> tasks(String state, String type, int limit) {
        return processor.tasks().stream()
            .filter(task -> type == null || task.type().equals(type))
            .sorted(Comparator.comparingLong(TaskRecord::sequence).reversed())
            .map(TasksFeature::row)
            .filter(row -> state == null || row.state().equals(state))
            .limit(limit)
            .toList();
    }

    @Override
    public Optional<TaskRow> task(String id) {
        return processor.task(id).map(TasksFeature::row);
    }

    @Override
    public Cancellation cancel(String id) {
        Optional<TaskRecord> task = processor.task(id);
        if (task.isEmpty()) {
            return new Cancellation(Cancellation.Outcome.UNKNOWN, null);
        }
        boolean cancelled = processor.cancel(task.get());
        return new Cancellation(cancelled ? Cancellation.Outcome.CANCELLED : Cancellation.Outcome.FINISHED, row(task.get()));
    }

    static TaskRow row(TaskRecord task) {
        synchronized (task) {
            return new TaskRow(task.id(), task.type(), task.priority(), task.payload(), task.state().label(),
                task.attempts(), text(task.createdAt()), text(task.startedAt()), text(task.finishedAt()), task.progress(),
                task.result(), task.error());
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    @Override
    public String component() {
        return "tasks";
    }

    @Override
    public ComponentHealth check() {
        int queued = processor.queueSize();
        int limit = processor.queueLimit();
        long windowStart = clock.wallMillis() - FAILURE_WINDOW.toMillis();
        long succeeded = 0;
        long failed = 0;
        for (TaskRecord task : processor.tasks()) {
            TaskState state = task.state();
            if (task.finishedAt() == null || task.finishedAt().toEpochMilli() < windowStart) {
                continue;
            }
            if (state == TaskState.SUCCEEDED) {
                succeeded++;
            } else if (state == TaskState.FAILED) {
                failed++;
            }
        }
        long finished = succeeded + failed;
        double failurePercent = finished == 0 ? 0 : failed * 100.0 / finished;
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("queue_size", queued);
        details.put("queue_limit", limit);
        details.put("running", processor.runningCount());
        details.put("workers", processor.workers());
        details.put("finished_15m", finished);
        details.put("failed_15m", failed);
        details.put("failure_percent_15m", Math.round(failurePercent * 10) / 10.0);
        if (queued * 100L > (long) limit * QUEUE_DEGRADED_PERCENT) {
            return ComponentHealth.degraded("the task queue is over " + QUEUE_DEGRADED_PERCENT + "% full (" + queued + " of "
                + limit + "); tasks wait or will be rejected", details);
        }
        if (finished >= MIN_FINISHED_FOR_RATE && failurePercent >= settings.failurePercent()) {
            return ComponentHealth.degraded(failed + " of the " + finished + " tasks finished in the last 15 minutes failed (at least "
                + settings.failurePercent() + "% degrades, tasks.health.failure-percent)", details);
        }
        return ComponentHealth.healthy(details);
    }
}
