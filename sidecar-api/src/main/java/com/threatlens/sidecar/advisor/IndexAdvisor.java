package com.threatlens.sidecar.advisor;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The index advisor, as the {@code /database/recommendations}, {@code /database/indexes}, {@code /query-analysis/{id}} and {@code /optimize} endpoints see it. */
public interface IndexAdvisor {

    /** The SQLite databases the application has used, as statistics name them. */
    Set<String> databases();

    /** The advice for one database ({@code null}: every one), analyzing again where the last analysis is stale. */
    List<DatabaseAdvice> recommendations(String database);

    /** A full analysis of one statement now; empty when no statement has that id. */
    Optional<StatementAnalysis> analyze(String statementId);

    /** The indexes of one database ({@code null}: every one), with whether the observed plans use them. */
    List<DatabaseIndexes> indexes(String database);

    /**
     * Starts creating the recommended indexes of one database ({@code null}: every one), and those of
     * the built-in ThreatLens profile when {@code profile}; without {@code apply} only says what it would run.
     */
    OptimizeResult optimize(String database, boolean apply, boolean profile);

    /** Whether {@code optimize} applies when the request does not say (the {@code optimize.apply} setting). */
    boolean appliesByDefault();
}
