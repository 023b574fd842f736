package com.threatlens.sidecar.advisor;

import java.util.List;

/**
 * One statement as the advisor saw it. {@code status}: {@code analyzed}, {@code no_problem},
 * {@code no_useful_index}, {@code not_analyzable} (the SQL parser cannot read it) or
 * {@code plan_failed} (SQLite could not plan it), with the {@code reason}.
 */
public record StatementAnalysis(String id, String database, String sql, String status, String reason, long calls,
                                double totalMs, double meanMs, double p95Ms, List<String> planBefore,
                                List<String> problems, List<String> unindexable, List<CandidateProof> candidates) {
}
