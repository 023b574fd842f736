package com.threatlens.sidecar.queries;

/** One slow execution. {@code sql} is present only when literal capture is configured. */
public record SlowSample(String timestamp, String id, String database, double durationMs, double executeMs,
                         double fetchMs, long rows, String caller, String sql) {
}
