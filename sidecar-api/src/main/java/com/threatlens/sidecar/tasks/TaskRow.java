package com.threatlens.sidecar.tasks;

/**
 * One background task as the endpoints show it.
 *
 * @param payload   a short description of what the task works on
 * @param state     one of {@link BackgroundTasks#STATES}
 * @param attempts  runs started so far, retries included
 * @param createdAt ISO-8601 instants in UTC, like the other endpoints' times; {@code startedAt} and
 *                  {@code finishedAt} are {@code null} until then
 * @param progress  0 to 100 when the task reports it, else {@code null}
 * @param result    what a succeeded task reported; {@code null} otherwise
 * @param error     why a task failed, was cancelled or was rejected; {@code null} otherwise
 */
public record TaskRow(String id, String type, int priority, String payload, String state, int attempts,
                      String createdAt, String startedAt, String finishedAt, Integer progress, String result,
                      String error) {
}
