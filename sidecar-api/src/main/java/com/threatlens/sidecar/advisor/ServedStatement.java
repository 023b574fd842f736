package com.threatlens.sidecar.advisor;

import java.util.List;

/** A statement a recommendation serves: its figures, its plan before and after, and once applied the measured speedup. */
public record ServedStatement(String id, String sql, long calls, double meanMs, double p95Ms,
                              double estimatedRowsBefore, double estimatedRowsAfter, List<String> planBefore,
                              List<String> planAfter, Speedup measured) {
}
