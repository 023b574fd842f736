package com.threatlens.sidecar.tasks;

import java.util.Map;

/**
 * The processor's figures.
 *
 * @param counts     tasks by state, every state present: queued and running ones now, finished ones
 *                   still kept in the history
 * @param queueSize  tasks waiting to run, retries waiting for their backoff included
 */
public record TasksOverview(Map<String, Long> counts, int queueSize, int queueLimit, int workers) {
}
