package com.threatlens.agent.advisor;

import java.util.List;

/**
 * A statement as the statistics saw it: its id and normalized SQL, whether it writes, the tables
 * it names, and its figures. The advisor's input, copied so that analysis works on fixed numbers.
 */
record ObservedStatement(String id, String sql, boolean write, boolean analyzable, List<String> tables, long calls,
                         double totalMs, double meanMs, double p95Ms, long firstSeenMillis) {
}
