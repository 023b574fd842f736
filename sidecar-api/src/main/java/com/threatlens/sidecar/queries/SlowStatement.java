package com.threatlens.sidecar.queries;

import java.util.List;

/** A statement whose mean time passes the asked threshold, with where it was called from. */
public record SlowStatement(String id, String database, String query, long calls, double meanMs, double maxMs,
                            double p95Ms, double totalMs, long slowCount, List<String> callers,
                            List<SlowSample> recentSamples) {
}
