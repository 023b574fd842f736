package com.threatlens.agent.advisor;

import java.util.ArrayList;
import java.util.List;

/**
 * An index the analysis proposes, with the statements it was proven for. {@code source} is
 * {@code workload} (from observed statements) or {@code profile} (the built-in ThreatLens set).
 */
final class Proposal {

    /** One statement the index serves, with the plans and row estimates that prove it. */
    record Served(ObservedStatement statement, List<String> planBefore, List<String> planAfter, double rowsBefore,
                  double rowsAfter) {
    }

    final IndexDefinition definition;
    final String source;
    final List<Served> served = new ArrayList<>();
    double benefit;

    Proposal(IndexDefinition definition, String source) {
        this.definition = definition;
        this.source = source;
    }
}
