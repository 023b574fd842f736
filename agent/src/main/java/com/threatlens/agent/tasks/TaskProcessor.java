package com.threatlens.agent.tasks;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import com.threatlens.agent.bootstrap.AgentLog;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Runs the agent's background work on a few daemon threads, most urgent first.
 *
 * <p>Design. One lock guards two queues: {@code ready}, ordered by priority then submission, and
 * {@code waiting}, retries ordered by when their backoff ends. Both count against the queue limit,
 * so a retry can never be pushed out by new work, and a submission to a full queue is refused at
 * once rather than dropping anything. Workers take from {@code ready}, first moving due retries
 * into it. A ticker thread, every {@link #TICK}, interrupts attempts past their time limit, wakes
 * workers for retries that came due and forgets old history; tests call {@link #tick()} themselves
 * after moving their clock.
 *
 * <p>Who ends a task is settled by the task's own lock ({@link TaskRecord#finish}): a worker
 * finishing, a cancel request and the time-limit check race, and the first wins. The others'
 * outcomes are dropped; an interrupt they sent is cleared by the worker before its next task.
 * Work that ignores interrupts keeps its worker busy until it returns; its task is already ended.
 */
public final class TaskProcessor {

    /** What a refused submission is told to wait before trying again. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(5);
    static final Duration TICK = Duration.ofMillis(100);

    private final TaskSettings settings;
    private final RetryPolicy retryPolicy;
    private final TaskClock clock;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<TaskRecord> ready = new PriorityQueue<>(
        Comparator.comparingInt(TaskRecord::priority).thenComparingLong(TaskRecord::sequence));
    private final PriorityQueue<TaskRecord> waiting = new PriorityQueue<>(
        Comparator.comparingLong(TaskRecord::deadlineNanos).thenComparingLong(TaskRecord::sequence));
    /** Finished tasks in the order they finished; guarded by {@link #lock}. */
    private final ArrayDeque<TaskRecord> history = new ArrayDeque<>();

    private final Map<String, TaskRecord> tasks = new ConcurrentHashMap<>();
    private final Set<TaskRecord> running = ConcurrentHashMap.newKeySet();
    private final Set<String> types = ConcurrentHashMap.newKeySet();
    private final AtomicLong sequence = new AtomicLong();
    private final List<Thread> workers = new ArrayList<>();
    private final ScheduledExecutorService ticker;
    private volatile boolean stopping;
    private volatile MeterRegistry durations;

    final LongAdder succeeded = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder retried = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder cancelled = new LongAdder();
    final LongAdder timedOut = new LongAdder();

    TaskProcessor(TaskSettings settings, RetryPolicy retryPolicy, TaskClock clock) {
        this.settings = settings;
        this.retryPolicy = retryPolicy;
        this.clock = clock;
        for (int i = 1; i <= settings.workers(); i++) {
            Thread worker = new Thread(this::work, "threatlens-task-" + i);
            worker.setDaemon(true);
            workers.add(worker);
        }
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "threatlens-task-ticker");
            thread.setDaemon(true);
            return thread;
        });
    }

    void start() {
        workers.forEach(Thread::start);
        ticker.scheduleWithFixedDelay(this::tickQuietly, TICK.toMillis(), TICK.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * Queues a task, or refuses it at once when the queue is full or the processor is shutting
     * down. A refused task is kept in the history as {@link TaskState#REJECTED}.
     */
    public TaskRecord submit(TaskRequest request) throws TaskRejectedException {
        long number = sequence.incrementAndGet();
        TaskRecord task = new TaskRecord("task-" + number, request, number, Instant.ofEpochMilli(clock.wallMillis()));
        types.add(request.type());
        String refusal;
        lock.lock();
        try {
            int queued = ready.size() + waiting.size();
            if (stopping) {
                refusal = "the task processor is shutting down";
            } else if (queued >= settings.queueLimit()) {
                refusal = "the task queue is full (" + queued + " of tasks.queue-limit=" + settings.queueLimit()
                    + " waiting); nothing queued was dropped, try again later";
            } else {
                tasks.put(task.id(), task);
                ready.add(task);
                changed.signal();
                return task;
            }
        } finally {
            lock.unlock();
        }
        tasks.put(task.id(), task);
        end(task, TaskState.REJECTED, null, refusal, false);
        throw new TaskRejectedException(task, refusal, RETRY_AFTER);
    }

    public Optional<TaskRecord> task(String id) {
        return Optional.ofNullable(tasks.get(id));
    }

    /** Every task queued, running or still kept after it finished, in no particular order. */
    public List<TaskRecord> tasks() {
        return new ArrayList<>(tasks.values());
    }

    /** The task types submitted so far. */
    public Set<String> types() {
        return Set.copyOf(types);
    }

    /**
     * Cancels a queued task (it will not run) or a running one (its thread is interrupted).
     * Returns false when the task had already finished.
     */
    public boolean cancel(TaskRecord task) {
        lock.lock();
        try {
            if (ready.remove(task) || waiting.remove(task)) {
                return end(task, TaskState.CANCELLED, null, "cancelled while queued", false);
            }
        } finally {
            lock.unlock();
        }
        return end(task, TaskState.CANCELLED, null, "cancelled while running; its thread was interrupted", true);
    }

    /** Tasks waiting to run, retries waiting for their backoff included. */
    public int queueSize() {
        lock.lock();
        try {
            return ready.size() + waiting.size();
        } finally {
            lock.unlock();
        }
    }

    public int runningCount() {
        return running.size();
    }

    public int queueLimit() {
        return settings.queueLimit();
    }

    public int workers() {
        return settings.workers();
    }

    /** Records each attempt's duration in {@code registry}, per task type and outcome. */
    void recordDurationsIn(MeterRegistry registry) {
        this.durations = registry;
    }

    /**
     * Stops: queued tasks are abandoned (cancelled, and logged), running ones interrupted, and
     * the workers given at most {@code wait} to return. Called from a shutdown hook; every thread
     * of the processor is a daemon, so a task that ignores its interrupt cannot hold the JVM.
     */
    public void shutdown(Duration wait) {
        List<TaskRecord> abandoned;
        lock.lock();
        try {
            if (stopping) {
                return;
            }
            stopping = true;
            abandoned = new ArrayList<>(ready);
            abandoned.addAll(waiting);
            ready.clear();
            waiting.clear();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        ticker.shutdownNow();
        for (TaskRecord task : abandoned) {
            end(task, TaskState.CANCELLED, null, "abandoned: the JVM is shutting down", false);
        }
        if (!abandoned.isEmpty()) {
            Map<String, Integer> byType = new TreeMap<>();
            abandoned.forEach(task -> byType.merge(task.type(), 1, Integer::sum));
            AgentLog.warn("shutdown abandons " + abandoned.size() + " queued background task(s): " + byType);
        }
        for (TaskRecord task : List.copyOf(running)) {
            end(task, TaskState.CANCELLED, null, "interrupted: the JVM is shutting down", true);
        }
        long deadline = System.nanoTime() + wait.toNanos();
        for (Thread worker : workers) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                worker.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Interrupts attempts past their time limit, wakes workers for retries whose backoff ended, and
     * forgets finished tasks past the history's bounds.
     */
    void tick() {
        long now = clock.nanos();
        for (TaskRecord task : List.copyOf(running)) {
            if (task.overran(now) && end(task, TaskState.FAILED, null, "exceeded its time limit of "
                + timeLimit(task).toMillis() + " ms and was interrupted", true)) {
                timedOut.increment();
                AgentLog.warn("background task " + task.id() + " (" + task.type() + ") exceeded its time limit of "
                    + timeLimit(task).toMillis() + " ms and was interrupted");
            }
        }
        lock.lock();
        try {
            TaskRecord soonest = waiting.peek();
            if (soonest != null && now - soonest.deadlineNanos() >= 0) {
                changed.signalAll();
            }
            forgetOld(now);
        } finally {
            lock.unlock();
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException failure) {
            AgentLog.error("background task check failed: " + failure, failure);
        }
    }

    private void work() {
        while (true) {
            TaskRecord task;
            try {
                task = next();
            } catch (InterruptedException interrupted) {
                continue; // meant for a task that just ended; stopping is checked in next()
            }
            if (task == null) {
                return;
            }
            try {
                run(task);
            } finally {
                running.remove(task);
                // An interrupt sent to end this task must not reach the next one.
                Thread.interrupted();
            }
        }
    }

    /** The next task to run, started on this thread; {@code null} once stopping. */
    private TaskRecord next() throws InterruptedException {
        lock.lock();
        try {
            while (!stopping) {
                long now = clock.nanos();
                while (!waiting.isEmpty() && now - waiting.peek().deadlineNanos() >= 0) {
                    ready.add(waiting.poll());
                }
                TaskRecord task = ready.poll();
                if (task == null) {
                    changed.await();
                } else if (task.start(Thread.currentThread(), Instant.ofEpochMilli(clock.wallMillis()),
                    now + timeLimit(task).toNanos())) {
                    running.add(task);
                    return task;
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    private void run(TaskRecord task) {
        long began = clock.nanos();
        int attempt = task.attempts();
        String outcome;
        try {
            String result = task.request().work().run(new Context(task, attempt));
            outcome = end(task, TaskState.SUCCEEDED, result, null, false) ? "succeeded" : "ended";
        } catch (TaskFailure failure) {
            outcome = failure.isRetryable() && retryPolicy.mayRetry(attempt) && retry(task, describe(failure), attempt)
                ? "retried" : failed(task, failure);
        } catch (Throwable failure) {
            outcome = failed(task, failure);
        }
        MeterRegistry registry = durations;
        if (registry != null) {
            Timer.builder("threatlens.tasks.duration").description("Time of one attempt of a background task")
                .tag("type", task.type()).tag("outcome", outcome).register(registry)
                .record(clock.nanos() - began, TimeUnit.NANOSECONDS);
        }
    }

    private String failed(TaskRecord task, Throwable failure) {
        if (end(task, TaskState.FAILED, null, describe(failure), false)) {
            AgentLog.debug("background task " + task.id() + " (" + task.type() + ") failed: " + describe(failure));
            return "failed";
        }
        return "ended";
    }

    private boolean retry(TaskRecord task, String failure, int attempt) {
        Duration backoff = retryPolicy.backoff(attempt);
        lock.lock();
        try {
            if (stopping || !task.retryLater(failure + " (attempt " + attempt + "; retrying in " + backoff.toMillis() + " ms)",
                clock.nanos() + backoff.toNanos())) {
                return false;
            }
            waiting.add(task);
            retried.increment();
            changed.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends a task once, counting it and moving it to the history; false when something else ended it first. */
    private boolean end(TaskRecord task, TaskState state, String result, String error, boolean interrupt) {
        long now = clock.nanos();
        if (!task.finish(state, result, error, Instant.ofEpochMilli(clock.wallMillis()), now, interrupt)) {
            return false;
        }
        switch (state) {
            case SUCCEEDED -> succeeded.increment();
            case FAILED -> failed.increment();
            case CANCELLED -> cancelled.increment();
            default -> rejected.increment();
        }
        lock.lock();
        try {
            history.addLast(task);
            forgetOld(now);
        } finally {
            lock.unlock();
        }
        return true;
    }

    private void forgetOld(long now) {
        long ttl = settings.historyTtl().toNanos();
        while (!history.isEmpty()
            && (history.size() > settings.historyLimit() || now - history.peekFirst().finishedNanos() > ttl)) {
            tasks.remove(history.pollFirst().id());
        }
    }

    private Duration timeLimit(TaskRecord task) {
        Duration own = task.request().timeLimit();
        return own == null ? settings.timeLimit() : own;
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure instanceof TaskFailure ? message
            : failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static final class Context implements TaskContext {
        private final TaskRecord task;
        private final int attempt;

        Context(TaskRecord task, int attempt) {
            this.task = task;
            this.attempt = attempt;
        }

        @Override
        public int attempt() {
            return attempt;
        }

        @Override
        public void progress(int percent) {
            task.progress(percent);
        }
    }
}
