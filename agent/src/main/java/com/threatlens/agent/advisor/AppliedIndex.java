package com.threatlens.agent.advisor;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An index an optimize task created (or failed to create), kept so that its recommendation stays
 * visible after the next analysis no longer proposes it, with a {@link SpeedupCheck} per
 * statement it serves.
 */
final class AppliedIndex {

    final String database;
    final Proposal proposal;
    final String appliedAt;
    final String error;
    final Map<String, SpeedupCheck> checks = new LinkedHashMap<>();

    AppliedIndex(String database, Proposal proposal, String appliedAt, String error) {
        this.database = database;
        this.proposal = proposal;
        this.appliedAt = appliedAt;
        this.error = error;
    }
}
