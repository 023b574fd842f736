package com.threatlens.sidecar.advisor;

import java.util.List;

/**
 * A candidate index tried in a private copy of the schema: whether the planner used it, whether
 * the plan lost a scan or a temporary B-tree with it, and the plan it got.
 */
public record CandidateProof(String table, List<String> columns, String createSql, boolean usedByPlanner,
                             boolean removesProblem, List<String> planAfter) {
}
