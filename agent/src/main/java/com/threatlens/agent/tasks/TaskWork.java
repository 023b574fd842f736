package com.threatlens.agent.tasks;

/**
 * The work of a task. It runs on one of the processor's threads, once per attempt, and should
 * stop when its thread is interrupted (cancellation, time limit, shutdown).
 */
@FunctionalInterface
public interface TaskWork {

    /**
     * Does the work and returns a short summary of its result. Throw {@link TaskFailure#retryable}
     * for a failure worth another attempt; any other exception fails the task at once.
     */
    String run(TaskContext context) throws Exception;
}
