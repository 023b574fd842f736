package com.threatlens.sidecar.advisor;

import java.util.List;

/**
 * One analysis of one database: the recommendations ranked by estimated benefit, the statements
 * for which no index can help (with why), those the parser or planner could not read, and the
 * statements below the thresholds that were not looked at.
 */
public record DatabaseAdvice(String database, String analyzedAt, double analysisMs, int statementsSeen,
                             int statementsAnalyzed, int belowThresholds, List<Recommendation> recommendations,
                             List<StatementAnalysis> noUsefulIndex, List<StatementAnalysis> notAnalyzable) {
}
