package com.threatlens.sidecar.tasks;

/**
 * The answer to a cancel request.
 *
 * @param task the task as it is after the request; {@code null} when the id is unknown
 */
public record Cancellation(Outcome outcome, TaskRow task) {

    public enum Outcome {
        /** It was queued or running and is now cancelled. */
        CANCELLED,
        /** No task has this id, or it finished long enough ago to be forgotten. */
        UNKNOWN,
        /** It had already finished; nothing changed. */
        FINISHED
    }
}
