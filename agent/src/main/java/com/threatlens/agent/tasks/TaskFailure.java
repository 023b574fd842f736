package com.threatlens.agent.tasks;

/** A failure a task reports on purpose, saying whether another attempt may succeed. */
public final class TaskFailure extends Exception {

    private static final long serialVersionUID = 1L;

    private final boolean retryable;

    private TaskFailure(String message, Throwable cause, boolean retryable) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** A passing failure (a busy database, a timeout of something else): retried with backoff. */
    public static TaskFailure retryable(String message, Throwable cause) {
        return new TaskFailure(message, cause, true);
    }

    /** A failure another attempt would repeat: the task fails at once. */
    public static TaskFailure permanent(String message, Throwable cause) {
        return new TaskFailure(message, cause, false);
    }

    public boolean isRetryable() {
        return retryable;
    }
}
