package com.threatlens.agent.tasks;

import java.time.Instant;

/**
 * One task and what happened to it so far. Readable from any thread; only the processor changes
 * it, under the record's own lock, so that a finishing worker, a cancel request and the time-limit
 * check agree on who ends it.
 */
public final class TaskRecord {

    private final String id;
    private final TaskRequest request;
    private final long sequence;
    private final Instant createdAt;

    private TaskState state = TaskState.QUEUED;
    private int attempts;
    private Instant startedAt;
    private Instant finishedAt;
    private Integer progress;
    private String result;
    private String error;

    /** The worker running the current attempt; {@code null} when none is. */
    private Thread runner;
    /** When the current attempt must end, or when a retry may start (monotonic nanos). */
    private long deadlineNanos;
    private long finishedNanos;

    TaskRecord(String id, TaskRequest request, long sequence, Instant createdAt) {
        this.id = id;
        this.request = request;
        this.sequence = sequence;
        this.createdAt = createdAt;
    }

    public String id() {
        return id;
    }

    public String type() {
        return request.type();
    }

    public int priority() {
        return request.priority();
    }

    public String payload() {
        return request.payload();
    }

    public Instant createdAt() {
        return createdAt;
    }

    public synchronized TaskState state() {
        return state;
    }

    public synchronized int attempts() {
        return attempts;
    }

    public synchronized Instant startedAt() {
        return startedAt;
    }

    public synchronized Instant finishedAt() {
        return finishedAt;
    }

    /** 0 to 100 when the task reports it, else {@code null}. */
    public synchronized Integer progress() {
        return progress;
    }

    public synchronized String result() {
        return result;
    }

    public synchronized String error() {
        return error;
    }

    TaskRequest request() {
        return request;
    }

    long sequence() {
        return sequence;
    }

    synchronized long deadlineNanos() {
        return deadlineNanos;
    }

    synchronized long finishedNanos() {
        return finishedNanos;
    }

    /** Starts an attempt on {@code worker}; false when the task was cancelled meanwhile. */
    synchronized boolean start(Thread worker, Instant now, long deadline) {
        if (state != TaskState.QUEUED) {
            return false;
        }
        state = TaskState.RUNNING;
        runner = worker;
        attempts++;
        if (startedAt == null) {
            startedAt = now;
        }
        deadlineNanos = deadline;
        return true;
    }

    synchronized void progress(int percent) {
        if (state == TaskState.RUNNING) {
            progress = Math.max(0, Math.min(100, percent));
        }
    }

    /** Puts a running task back in the queue until {@code notBefore}; false when it already ended. */
    synchronized boolean retryLater(String failure, long notBefore) {
        if (state != TaskState.RUNNING) {
            return false;
        }
        state = TaskState.QUEUED;
        runner = null;
        error = failure;
        deadlineNanos = notBefore;
        return true;
    }

    /**
     * Ends the task in {@code outcome} unless it has already ended, and interrupts its worker when
     * {@code interrupt} and the task is running. Returns whether this call ended it.
     */
    synchronized boolean finish(TaskState outcome, String summary, String failure, Instant now, long nowNanos,
                                boolean interrupt) {
        if (state.finished()) {
            return false;
        }
        if (interrupt && runner != null) {
            runner.interrupt();
        }
        state = outcome;
        runner = null;
        finishedAt = now;
        finishedNanos = nowNanos;
        result = summary;
        error = failure;
        if (outcome == TaskState.SUCCEEDED && progress != null) {
            progress = 100;
        }
        return true;
    }

    /** Whether the task is running past its deadline. */
    synchronized boolean overran(long nowNanos) {
        return state == TaskState.RUNNING && nowNanos - deadlineNanos >= 0;
    }
}
