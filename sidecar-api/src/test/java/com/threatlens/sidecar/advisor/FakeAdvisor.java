package com.threatlens.sidecar.advisor;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** An advisor with one database and one recommendation, recording what it is asked. */
final class FakeAdvisor implements IndexAdvisor {

    static final String DATABASE = "jdbc:sqlite:/data/threatlens.db";
    static final String STATEMENT = "3377908cfe76ad5c";
    static final String CREATE = "CREATE INDEX IF NOT EXISTS \"idx_security_wikis_repo_id\" ON \"security_wikis\" (\"repo_id\")";

    final List<String> asked = new CopyOnWriteArrayList<>();
    volatile boolean appliesByDefault;
    volatile String rejected;

    @Override
    public Set<String> databases() {
        return Set.of(DATABASE);
    }

    @Override
    public List<DatabaseAdvice> recommendations(String database) {
        asked.add("recommendations " + database);
        ServedStatement served = new ServedStatement(STATEMENT, "SELECT * FROM security_wikis WHERE repo_id = ?", 120, 40.5,
            80.25, 20_000, 100, List.of("SCAN security_wikis"),
            List.of("SEARCH security_wikis USING INDEX idx_security_wikis_repo_id (repo_id=?)"), null);
        Recommendation recommendation = new Recommendation(DATABASE, "security_wikis", List.of("repo_id"),
            "idx_security_wikis_repo_id", CREATE, "workload", 2_388_000, "recommended", null, null, List.of(served));
        return List.of(new DatabaseAdvice(DATABASE, "2026-01-02T03:04:05Z", 12.5, 7, 3, 4, List.of(recommendation),
            List.of(), List.of()));
    }

    @Override
    public Optional<StatementAnalysis> analyze(String statementId) {
        asked.add("analyze " + statementId);
        if (!statementId.equals(STATEMENT)) {
            return Optional.empty();
        }
        return Optional.of(new StatementAnalysis(STATEMENT, DATABASE, "SELECT * FROM security_wikis WHERE repo_id = ?",
            "analyzed", null, 120, 4_860, 40.5, 80.25, List.of("SCAN security_wikis"), List.of("full scan of security_wikis"),
            List.of(), List.of(new CandidateProof("security_wikis", List.of("repo_id"), CREATE, true, true,
                List.of("SEARCH security_wikis USING INDEX idx_security_wikis_repo_id (repo_id=?)")))));
    }

    @Override
    public List<DatabaseIndexes> indexes(String database) {
        asked.add("indexes " + database);
        return List.of(new DatabaseIndexes(DATABASE, "2026-01-02T03:00:00Z", "2026-01-02T03:04:05Z", 7,
            List.of(new IndexUse("short", "security_wikis", List.of("repo_id"), false, false, List.of(), "long"))));
    }

    @Override
    public OptimizeResult optimize(String database, boolean apply, boolean profile) {
        asked.add("optimize " + database + " apply=" + apply + " profile=" + profile);
        List<String> statements = List.of(CREATE, "PRAGMA optimize", "PRAGMA wal_checkpoint(PASSIVE)");
        if (rejected != null) {
            return new OptimizeResult(false, null, statements, rejected);
        }
        return new OptimizeResult(!apply, apply ? "task-9" : null, statements, null);
    }

    @Override
    public boolean appliesByDefault() {
        return appliesByDefault;
    }
}
