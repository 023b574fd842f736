package com.threatlens.sidecar.analytics;

/**
 * Either the figures ({@code data}) or, when they were not ready within the wait, the background
 * task computing them, to poll at {@code /background-tasks/{task_id}}.
 */
public record AnalyticsAnswer(Object data, boolean cached, String taskId, String taskState, double tookMs) {

    public static AnalyticsAnswer ready(Object data, boolean cached, double tookMs) {
        return new AnalyticsAnswer(data, cached, null, null, tookMs);
    }

    public static AnalyticsAnswer pending(String taskId, String taskState) {
        return new AnalyticsAnswer(null, false, taskId, taskState, 0);
    }

    public boolean isReady() {
        return taskId == null;
    }
}
