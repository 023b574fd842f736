package com.threatlens.sidecar.cache;

/**
 * What a warm request queued.
 *
 * @param callsQueued calls queued to run again; 0 when none were recorded for the region or tag
 * @param taskId      the background task running them, or {@code null} when nothing was queued
 */
public record WarmResult(long callsQueued, String taskId) {
}
