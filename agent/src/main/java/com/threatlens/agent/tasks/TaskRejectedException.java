package com.threatlens.agent.tasks;

import java.time.Duration;

/**
 * A submission the processor refused (its queue is full, or it is shutting down). Nothing already
 * queued was dropped for it. The sidecar answers it as a 503 with {@code Retry-After}.
 */
public final class TaskRejectedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient TaskRecord task;
    private final Duration retryAfter;

    TaskRejectedException(TaskRecord task, String reason, Duration retryAfter) {
        super(reason, null, false, false);
        this.task = task;
        this.retryAfter = retryAfter;
    }

    /** The refused task, kept in the history in state {@link TaskState#REJECTED}. */
    public TaskRecord task() {
        return task;
    }

    /** When trying again may succeed. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
