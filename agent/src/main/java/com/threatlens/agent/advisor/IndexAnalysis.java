package com.threatlens.agent.advisor;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.threatlens.agent.pool.DatabaseAccess;
import com.threatlens.sidecar.advisor.CandidateProof;
import com.threatlens.sidecar.advisor.StatementAnalysis;

/**
 * One analysis of one database, start to end:
 * <ol>
 * <li>every observed SELECT, UPDATE and DELETE is planned on a read-only connection (parameters
 *     bound to NULL), which also tells which existing indexes some plan uses;</li>
 * <li>statements past the thresholds whose plan shows a full scan, a temporary B-tree or an
 *     automatic index are parsed, and candidates built from their shape;</li>
 * <li>each statement's candidates are created in a {@link WhatIfDatabase} and the planner asked
 *     again: a candidate is proven when the planner uses it and the plan loses a scan of its
 *     table, a temporary B-tree or an automatic index;</li>
 * <li>proven candidates are merged (an index whose columns start with another's serves both),
 *     all of them created together and every served statement planned once more, so each plan
 *     after shown is the one the final set gives;</li>
 * <li>the benefit is the rows no longer read per execution (estimated from the statistics)
 *     times the calls, times the share of reads among the table's statements: every index
 *     slows writes.</li>
 * </ol>
 * Nothing is written to the application's database.
 */
final class IndexAnalysis {

    /** Statements planned for index use, at most (the statistics keep up to 5,000 by default). */
    static final int MAX_PLANNED = 2_000;

    record Result(String database, List<Proposal> proposals, List<StatementAnalysis> statements, int seen,
                  int planned, int belowThresholds, Map<String, List<String>> indexUsers, SchemaSnapshot schema) {
    }

    private final String database;
    private final List<ObservedStatement> observed;
    private final long minCalls;
    private final double minTotalMs;
    private final Map<String, QueryPlan> plans = new LinkedHashMap<>();
    private final Map<String, List<String>> indexUsers = new LinkedHashMap<>();
    private final List<StatementAnalysis> analyses = new ArrayList<>();

    private IndexAnalysis(String database, List<ObservedStatement> observed, long minCalls, double minTotalMs) {
        this.database = database;
        this.observed = observed;
        this.minCalls = minCalls;
        this.minTotalMs = minTotalMs;
    }

    /**
     * Analyzes the statements of {@code database} that reach both thresholds, reading it (the
     * application's {@code url}) on a read-only connection of {@code access}, which cannot take a
     * write lock.
     */
    static Result run(String database, DatabaseAccess access, String url, List<ObservedStatement> statements,
                      long minCalls, double minTotalMs) throws SQLException, InterruptedException {
        IndexAnalysis analysis = new IndexAnalysis(database, statements, minCalls, minTotalMs);
        try {
            return access.read(url, analysis::run);
        } catch (Interrupted interrupted) {
            throw interrupted.cause;
        }
    }

    /** Carries an interrupt out of the connection's work, which may only throw SQLException. */
    private static final class Interrupted extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient InterruptedException cause;

        Interrupted(InterruptedException cause) {
            super(cause);
            this.cause = cause;
        }
    }

    private Result run(Connection app) throws SQLException {
        try {
            return analyze(app);
        } catch (InterruptedException interrupted) {
            throw new Interrupted(interrupted);
        }
    }

    private Result analyze(Connection app) throws SQLException, InterruptedException {
        SchemaSnapshot schema = SchemaSnapshot.read(app);
        List<Pending> pending = new ArrayList<>();
        int below = 0;
        int planned = 0;
        for (ObservedStatement statement : observed) {
            checkInterrupt();
            if (!statement.analyzable() || planned++ >= MAX_PLANNED) {
                continue;
            }
            QueryPlan plan;
            try {
                plan = QueryPlan.explain(app, statement.sql());
            } catch (SQLException unplannable) {
                analyses.add(analysis(statement, "plan_failed", "SQLite could not plan it: " + unplannable.getMessage(),
                    null, List.of(), List.of()));
                continue;
            }
            plans.put(statement.id(), plan);
            for (QueryPlan.Access access : plan.accesses()) {
                if (access.index() != null && !access.automatic()) {
                    indexUsers.computeIfAbsent(access.index().toLowerCase(Locale.ROOT), i -> new ArrayList<>())
                        .add(statement.id());
                }
            }
            if (statement.calls() < minCalls || statement.totalMs() < minTotalMs) {
                below++;
                continue;
            }
            Pending next = shape(statement, plan, schema);
            if (next != null) {
                pending.add(next);
            }
        }
        TableStatistics statistics = new TableStatistics(app, schema);
        List<IndexDefinition> everyIndex = new ArrayList<>();
        pending.forEach(one -> everyIndex.addAll(one.candidates));
        schema.indexes().stream().filter(index -> index.definition() != null)
            .forEach(index -> everyIndex.add(index.definition()));
        statistics.prepare(everyIndex);
        List<Proposal> proposals;
        try (WhatIfDatabase whatIf = WhatIfDatabase.open(schema, statistics)) {
            Map<Pending, List<IndexDefinition>> proven = new LinkedHashMap<>();
            for (Pending one : pending) {
                checkInterrupt();
                proven.put(one, prove(one, whatIf));
            }
            proposals = merge(proven);
            verify(proposals, proven, whatIf, statistics, schema);
        }
        proposals.sort(Comparator.comparingDouble((Proposal proposal) -> proposal.benefit).reversed());
        return new Result(database, proposals, List.copyOf(analyses), observed.size(), plans.size(), below, indexUsers,
            schema);
    }

    private static void checkInterrupt() throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("index analysis interrupted");
        }
    }

    /** A statement with problems and candidates, waiting for its proof. */
    private static final class Pending {
        final ObservedStatement statement;
        final QueryPlan plan;
        final StatementShape shape;
        final List<IndexDefinition> candidates;
        final List<CandidateProof> proofs = new ArrayList<>();

        Pending(ObservedStatement statement, QueryPlan plan, StatementShape shape, List<IndexDefinition> candidates) {
            this.statement = statement;
            this.plan = plan;
            this.shape = shape;
            this.candidates = candidates;
        }
    }

    private Pending shape(ObservedStatement statement, QueryPlan plan, SchemaSnapshot schema) {
        if (plan.problems().isEmpty()) {
            analyses.add(analysis(statement, "no_problem", "the plan has no full scan, temporary B-tree or automatic index",
                plan, List.of(), List.of()));
            return null;
        }
        StatementShape shape;
        try {
            shape = ShapeReader.read(statement.sql(), schema);
        } catch (ShapeReader.NotAnalyzable unreadable) {
            analyses.add(analysis(statement, "not_analyzable", unreadable.getMessage(), plan, List.of(), List.of()));
            return null;
        }
        List<IndexDefinition> candidates = CandidateBuilder.candidates(shape, schema);
        if (candidates.isEmpty()) {
            analyses.add(analysis(statement, "no_useful_index", noIndexReason(shape), plan, shape.unindexable(), List.of()));
            return null;
        }
        return new Pending(statement, plan, shape, candidates);
    }

    private static String noIndexReason(StatementShape shape) {
        if (!shape.unindexable().isEmpty()) {
            return String.join("; ", shape.unindexable());
        }
        boolean nothingToServe = shape.tables().stream()
            .allMatch(use -> use.equalities.isEmpty() && use.ranges.isEmpty() && use.order.isEmpty());
        return nothingToServe
            ? "it reads every row: no filter, join or order that an index could serve"
            : "no term of the statement can be served by an index that does not exist yet";
    }

    /**
     * Tries all of a statement's candidates together, as the planner would see them, and returns
     * those it proved. Where the planner's pick still scans its table (reading an index in order
     * to spare a sort), each candidate is also tried alone, and one that lets the planner search
     * is preferred: without the parameters' values the planner takes a range to keep a quarter of
     * the rows, while a time window or a filter usually keeps far fewer.
     */
    private List<IndexDefinition> prove(Pending one, WhatIfDatabase whatIf) {
        List<IndexDefinition> proven = new ArrayList<>();
        QueryPlan before;
        QueryPlan after;
        try {
            before = whatIf.plan(one.statement.sql());
            after = whatIf.planWith(one.statement.sql(), one.candidates);
            for (IndexDefinition candidate : one.candidates) {
                TableUse use = one.shape.use(candidate.table());
                boolean used = after.usesIndex(candidate.name());
                boolean improves = used && improves(before, after, use);
                one.proofs.add(new CandidateProof(candidate.table(), candidate.columnNames(), candidate.createSql(), used,
                    improves, after.lines()));
                if (improves) {
                    proven.add(searchingInstead(one, whatIf, before, after, candidate, use));
                }
            }
        } catch (SQLException unplannable) {
            analyses.add(analysis(one.statement, "plan_failed", "SQLite could not plan it with the candidates: "
                + unplannable.getMessage(), one.plan, one.shape.unindexable(), List.of()));
            return List.of();
        }
        analyses.add(analysis(one.statement, proven.isEmpty() ? "no_useful_index" : "analyzed",
            proven.isEmpty() ? "the planner kept its plan with every candidate; " + noIndexReason(one.shape) : null,
            one.plan, one.shape.unindexable(), one.proofs));
        return proven;
    }

    /** {@code chosen}, or a candidate of the same table with which the planner searches instead of scanning. */
    private IndexDefinition searchingInstead(Pending one, WhatIfDatabase whatIf, QueryPlan before, QueryPlan after,
                                             IndexDefinition chosen, TableUse use) throws SQLException {
        List<String> names = List.copyOf(use.names);
        if (!after.scans(names)) {
            return chosen;
        }
        List<IndexDefinition> coveringFirst = new ArrayList<>(one.candidates);
        java.util.Collections.reverse(coveringFirst);
        for (IndexDefinition alternative : coveringFirst) {
            if (alternative.equals(chosen) || !alternative.table().equalsIgnoreCase(chosen.table())) {
                continue;
            }
            QueryPlan alone = whatIf.planWith(one.statement.sql(), List.of(alternative));
            if (alone.usesIndex(alternative.name()) && !alone.scans(names) && improves(before, alone, use)) {
                one.proofs.add(new CandidateProof(alternative.table(), alternative.columnNames(), alternative.createSql(),
                    true, true, alone.lines()));
                return alternative;
            }
        }
        return chosen;
    }

    static boolean improves(QueryPlan before, QueryPlan after, TableUse use) {
        List<String> names = List.copyOf(use.names);
        boolean scanGone = before.scans(names) && !after.scans(names);
        boolean automaticGone = before.accessesOf(names).stream().anyMatch(QueryPlan.Access::automatic)
            && after.accessesOf(names).stream().noneMatch(QueryPlan.Access::automatic);
        return scanGone || automaticGone || after.tempBTrees().size() < before.tempBTrees().size();
    }

    /** One proposal per index; a proven index whose columns start another's is served by that one. */
    private List<Proposal> merge(Map<Pending, List<IndexDefinition>> proven) {
        List<IndexDefinition> all = new ArrayList<>();
        proven.values().forEach(definitions -> definitions.stream().filter(d -> !all.contains(d)).forEach(all::add));
        all.sort(Comparator.comparingInt((IndexDefinition definition) -> definition.columns().size()).reversed());
        List<Proposal> proposals = new ArrayList<>();
        for (IndexDefinition definition : all) {
            if (proposals.stream().noneMatch(kept -> kept.definition.covers(definition))) {
                proposals.add(new Proposal(definition, "workload"));
            }
        }
        return proposals;
    }

    /**
     * Creates every proposal together, plans each statement that proved one of them again, and
     * keeps a statement on a proposal only if that final plan uses it and still improves.
     */
    private void verify(List<Proposal> proposals, Map<Pending, List<IndexDefinition>> proven, WhatIfDatabase whatIf,
                        TableStatistics statistics, SchemaSnapshot schema) throws SQLException {
        List<IndexDefinition> finalSet = proposals.stream().map(proposal -> proposal.definition).toList();
        Map<String, Double> readShare = readShares();
        for (Map.Entry<Pending, List<IndexDefinition>> entry : proven.entrySet()) {
            if (entry.getValue().isEmpty()) {
                continue;
            }
            Pending one = entry.getKey();
            QueryPlan before = whatIf.plan(one.statement.sql());
            QueryPlan after = whatIf.planWith(one.statement.sql(), finalSet);
            for (Proposal proposal : proposals) {
                TableUse use = one.shape.use(proposal.definition.table());
                if (use == null || !after.usesIndex(proposal.definition.name()) || !improves(before, after, use)) {
                    continue;
                }
                List<String> names = List.copyOf(use.names);
                double rows = statistics.rows(use.name());
                double rowsBefore = before.scans(names) ? rows : rowsVisited(before, names, rows, statistics, schema, finalSet);
                double rowsAfter = rowsVisited(after, names, rows, statistics, schema, finalSet);
                proposal.served.add(new Proposal.Served(one.statement, one.plan.lines(), after.lines(), rowsBefore, rowsAfter));
                proposal.benefit += Math.max(0, rowsBefore - rowsAfter) * one.statement.calls()
                    * readShare.getOrDefault(use.name().toLowerCase(Locale.ROOT), 1.0);
            }
        }
        proposals.removeIf(proposal -> proposal.served.isEmpty());
    }

    /** Rows a plan visits in one table, from the statistics of the index it searches. */
    private static double rowsVisited(QueryPlan plan, List<String> names, double rows, TableStatistics statistics,
                                      SchemaSnapshot schema, List<IndexDefinition> proposed) throws SQLException {
        double visited = 0;
        for (QueryPlan.Access access : plan.accessesOf(names)) {
            if (access.rowid()) {
                visited += 1;
            } else if (!access.search()) {
                visited += rows;
            } else {
                IndexDefinition index = definitionOf(access.index(), schema, proposed);
                double matching = rows;
                if (index != null && access.equalities() > 0) {
                    String[] stat = statistics.stat(index, access.index()).split(" ");
                    matching = Double.parseDouble(stat[Math.min(access.equalities(), stat.length - 1)]);
                }
                // Without histograms SQLite itself takes a range to keep a quarter of the rows.
                visited += access.range() ? Math.max(1, matching / 4) : matching;
            }
        }
        return visited == 0 ? rows : visited;
    }

    private static IndexDefinition definitionOf(String name, SchemaSnapshot schema, List<IndexDefinition> proposed) {
        for (IndexDefinition definition : proposed) {
            if (definition.name().equalsIgnoreCase(name)) {
                return definition;
            }
        }
        return schema.indexes().stream().filter(index -> index.name().equalsIgnoreCase(name))
            .map(SchemaSnapshot.ExistingIndex::definition).findFirst().orElse(null);
    }

    /** Per table, the share of its statements' calls that read: 1 for a table only read, near 0 for one mostly written. */
    private Map<String, Double> readShares() {
        Map<String, long[]> counts = new HashMap<>();
        for (ObservedStatement statement : observed) {
            for (String table : statement.tables()) {
                long[] readsWrites = counts.computeIfAbsent(table.toLowerCase(Locale.ROOT), t -> new long[2]);
                readsWrites[statement.write() ? 1 : 0] += statement.calls();
            }
        }
        Map<String, Double> shares = new HashMap<>();
        counts.forEach((table, readsWrites) -> shares.put(table,
            readsWrites[0] + readsWrites[1] == 0 ? 1.0 : (double) readsWrites[0] / (readsWrites[0] + readsWrites[1])));
        return shares;
    }

    private StatementAnalysis analysis(ObservedStatement statement, String status, String reason, QueryPlan plan,
                                       List<String> unindexable, List<CandidateProof> candidates) {
        return new StatementAnalysis(statement.id(), database, statement.sql(), status, reason, statement.calls(),
            statement.totalMs(), statement.meanMs(), statement.p95Ms(), plan == null ? List.of() : plan.lines(),
            plan == null ? List.of() : plan.problems(), unindexable, candidates);
    }
}
