package com.threatlens.sidecar.advisor;

import java.util.List;

/**
 * What an optimize request did: the SQL it runs (or would run, on a dry run), and the task that
 * runs it. {@code rejected} says why the task processor refused the task (its queue is full).
 */
public record OptimizeResult(boolean dryRun, String taskId, List<String> statements, String rejected) {
}
