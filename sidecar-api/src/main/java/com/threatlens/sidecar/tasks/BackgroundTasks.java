package com.threatlens.sidecar.tasks;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What the sidecar asks of the agent's background task processor: its figures, its recent tasks
 * and cancellation. The agent's task engine implements it.
 *
 * <p>Arguments reach an implementation already checked: a state is one of {@link #STATES}, a type
 * one of {@link #types()}, a limit positive. {@code null} for a filter means any.
 */
public interface BackgroundTasks {

    /** Every state a task can be in, in the order of its life. */
    List<String> STATES = List.of("queued", "running", "succeeded", "failed", "cancelled", "rejected");

    /** Counts by state, queue size and limit, and workers. */
    TasksOverview overview();

    /** The task types seen so far. */
    Set<String> types();

    /** Tasks queued, running, or finished and still kept, most recently submitted first. */
    List<TaskRow> tasks(String state, String type, int limit);

    Optional<TaskRow> task(String id);

    /** Cancels a queued task (it never runs) or a running one (its thread is interrupted). */
    Cancellation cancel(String id);
}
