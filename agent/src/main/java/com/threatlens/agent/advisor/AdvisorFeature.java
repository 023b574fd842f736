package com.threatlens.agent.advisor;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

import com.threatlens.agent.bootstrap.AgentLog;
import com.threatlens.agent.config.AgentConfig;
import com.threatlens.agent.config.Settings;
import com.threatlens.agent.jdbc.JdbcFeature;
import com.threatlens.agent.pool.DatabaseAccess;
import com.threatlens.agent.jdbc.SqlOperation;
import com.threatlens.agent.jdbc.StatementStats;
import com.threatlens.agent.tasks.TaskProcessor;
import com.threatlens.agent.tasks.TaskRecord;
import com.threatlens.agent.tasks.TaskRejectedException;
import com.threatlens.agent.tasks.TaskRequest;
import com.threatlens.sidecar.advisor.DatabaseAdvice;
import com.threatlens.sidecar.advisor.DatabaseIndexes;
import com.threatlens.sidecar.advisor.IndexAdvisor;
import com.threatlens.sidecar.advisor.OptimizeResult;
import com.threatlens.sidecar.advisor.Recommendation;
import com.threatlens.sidecar.advisor.ServedStatement;
import com.threatlens.sidecar.advisor.Speedup;
import com.threatlens.sidecar.advisor.StatementAnalysis;

/**
 * The index advisor as a feature. Analyses run as {@code index-analysis} tasks of the background
 * processor (priority {@value #ANALYSIS_PRIORITY}, security-analysis class: they read the
 * application's data) at most one at a time per database (a second request waits for the running
 * one), bounded by {@code advisor.time-limit}; a result younger than {@link #FRESH_FOR} is
 * reused. Optimize runs as an {@code index-optimize} task (priority {@value #OPTIMIZE_PRIORITY},
 * indexing class). Applied indexes are remembered with the statements they serve, and their
 * measured speedup reported with their recommendation.
 */
public final class AdvisorFeature implements IndexAdvisor {

    static final int ANALYSIS_PRIORITY = 4;
    static final int OPTIMIZE_PRIORITY = 6;
    static final Duration FRESH_FOR = Duration.ofSeconds(30);
    /** How long a writer waits for the application's locks while creating an index. */
    static final Duration APPLY_BUSY_TIMEOUT = Duration.ofSeconds(30);

    private final JdbcFeature jdbc;
    private final DatabaseAccess access;
    private final TaskProcessor tasks;
    private final LongSupplier clockMillis;
    private final long minCalls;
    private final double minTotalMs;
    private final Duration timeLimit;
    private final boolean applyByDefault;
    private final Map<String, DatabaseState> databases = new ConcurrentHashMap<>();
    private final Map<String, AppliedIndex> applied = new ConcurrentHashMap<>();

    /** One database's last analysis, the one running, and the lock that keeps analyses one at a time. */
    private static final class DatabaseState {
        final ReentrantLock lock = new ReentrantLock();
        volatile IndexAnalysis.Result last;
        volatile long lastMillis;
        volatile double lastDurationMs;
        CompletableFuture<IndexAnalysis.Result> running;
    }

    /**
     * @param access how the application's databases are read and written: through its own driver,
     *               never through the agent's copy of SQLite
     */
    public AdvisorFeature(AgentConfig config, JdbcFeature jdbc, DatabaseAccess access, TaskProcessor tasks,
                          LongSupplier clockMillis) {
        this.jdbc = jdbc;
        this.access = access;
        this.tasks = tasks;
        this.clockMillis = clockMillis;
        this.minCalls = config.get(Settings.ADVISOR_MIN_CALLS);
        this.minTotalMs = config.get(Settings.ADVISOR_MIN_TOTAL_TIME).toNanos() / 1e6;
        this.timeLimit = config.get(Settings.ADVISOR_TIME_LIMIT);
        this.applyByDefault = config.get(Settings.OPTIMIZE_APPLY);
    }

    /** Whether the configuration asks for the advisor (and no mistake switched it off). */
    public static boolean isOn(AgentConfig config) {
        return config.isFeatureOn(Settings.FEATURE_ADVISOR) && config.get(Settings.ADVISOR_ENABLED);
    }

    @Override
    public boolean appliesByDefault() {
        return applyByDefault;
    }

    @Override
    public Set<String> databases() {
        Set<String> found = new TreeSet<>();
        for (StatementStats stats : jdbc.statementStats()) {
            if (access.urlOf(stats.database()) != null) {
                found.add(stats.database());
            }
        }
        return found;
    }

    private List<String> chosen(String database) {
        return database == null ? List.copyOf(databases()) : List.of(database);
    }

    @Override
    public List<DatabaseAdvice> recommendations(String database) {
        List<DatabaseAdvice> advice = new ArrayList<>();
        for (String one : chosen(database)) {
            DatabaseState state = state(one);
            IndexAnalysis.Result result = current(one, state);
            advice.add(advice(one, state, result));
        }
        return advice;
    }

    @Override
    public List<DatabaseIndexes> indexes(String database) {
        List<DatabaseIndexes> all = new ArrayList<>();
        for (String one : chosen(database)) {
            IndexAnalysis.Result result = current(one, state(one));
            if (result != null) {
                all.add(indexesOf(one, result));
            }
        }
        return all;
    }

    @Override
    public Optional<StatementAnalysis> analyze(String statementId) {
        StatementStats stats = jdbc.statementStats().stream().filter(one -> one.identity().id().equals(statementId))
            .max(Comparator.comparingLong(StatementStats::calls)).orElse(null);
        if (stats == null) {
            return Optional.empty();
        }
        ObservedStatement statement = observed(stats);
        String url = access.urlOf(stats.database());
        if (url == null || !statement.analyzable()) {
            return Optional.of(new StatementAnalysis(statement.id(), stats.database(), statement.sql(), "not_analyzable",
                url == null ? "only statements on SQLite files the application opened through a pool are analyzed"
                    : "only SELECT, UPDATE and DELETE statements can use an index",
                statement.calls(), statement.totalMs(), statement.meanMs(), statement.p95Ms(), List.of(), List.of(),
                List.of(), List.of()));
        }
        DatabaseState state = state(stats.database());
        try {
            if (!state.lock.tryLock(timeLimit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("another analysis of " + stats.database() + " is still running");
            }
            try {
                IndexAnalysis.Result result = IndexAnalysis.run(stats.database(), access, url, List.of(statement), 0, 0);
                return result.statements().stream().filter(one -> one.id().equals(statementId)).findFirst();
            } finally {
                state.lock.unlock();
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while analyzing " + statementId);
        } catch (SQLException unreadable) {
            return Optional.of(new StatementAnalysis(statement.id(), stats.database(), statement.sql(), "plan_failed",
                "the database could not be read: " + unreadable.getMessage(), statement.calls(), statement.totalMs(),
                statement.meanMs(), statement.p95Ms(), List.of(), List.of(), List.of(), List.of()));
        }
    }

    @Override
    public OptimizeResult optimize(String database, boolean apply, boolean profile) {
        Map<String, List<Proposal>> plan = new LinkedHashMap<>();
        List<String> statements = new ArrayList<>();
        for (String one : chosen(database)) {
            IndexAnalysis.Result result = current(one, state(one));
            if (result == null) {
                continue;
            }
            List<Proposal> proposals = new ArrayList<>(result.proposals());
            if (profile) {
                for (IndexDefinition index : ThreatLensProfile.applicable(result.schema())) {
                    if (proposals.stream().noneMatch(proposal -> proposal.definition.covers(index))) {
                        proposals.add(new Proposal(index, "profile"));
                    }
                }
            }
            if (!proposals.isEmpty()) {
                plan.put(one, proposals);
                statements.addAll(IndexApplier.statements(proposals.stream().map(p -> p.definition).toList()));
            }
        }
        if (!apply || plan.isEmpty()) {
            return new OptimizeResult(!apply, null, statements, null);
        }
        try {
            TaskRecord task = tasks.submit(new TaskRequest("index-optimize", OPTIMIZE_PRIORITY,
                plan.values().stream().mapToInt(List::size).sum() + " indexes in " + String.join(", ", plan.keySet()),
                timeLimit, context -> {
                    List<String> done = new ArrayList<>();
                    for (Map.Entry<String, List<Proposal>> one : plan.entrySet()) {
                        done.add(applyTo(one.getKey(), one.getValue(), context));
                    }
                    return String.join("; ", done);
                }));
            return new OptimizeResult(false, task.id(), statements, null);
        } catch (TaskRejectedException full) {
            return new OptimizeResult(false, null, statements, full.getMessage());
        }
    }

    private String applyTo(String database, List<Proposal> proposals, com.threatlens.agent.tasks.TaskContext context)
        throws Exception {
        Map<IndexDefinition, Proposal> byIndex = new LinkedHashMap<>();
        proposals.forEach(proposal -> byIndex.put(proposal.definition, proposal));
        DatabaseState state = state(database);
        state.lock.lockInterruptibly();
        try {
            return IndexApplier.apply(database, access, access.urlOf(database), List.copyOf(byIndex.keySet()),
                APPLY_BUSY_TIMEOUT, context, (index, error) -> remember(database, byIndex.get(index), error));
        } finally {
            state.last = null;
            state.lock.unlock();
        }
    }

    private void remember(String database, Proposal proposal, String error) {
        AppliedIndex index = new AppliedIndex(database, proposal, Instant.ofEpochMilli(clockMillis.getAsLong()).toString(), error);
        if (error == null) {
            for (Proposal.Served served : proposal.served) {
                StatementStats stats = statsOf(database, served.statement().id());
                if (stats != null) {
                    index.checks.put(served.statement().id(), new SpeedupCheck(stats));
                }
            }
        }
        applied.put(key(database, proposal.definition), index);
    }

    private StatementStats statsOf(String database, String id) {
        for (StatementStats stats : jdbc.statementStats()) {
            if (stats.database().equals(database) && stats.identity().id().equals(id)) {
                return stats;
            }
        }
        return null;
    }

    private static String key(String database, IndexDefinition index) {
        return database + " " + index.name();
    }

    private DatabaseState state(String database) {
        return databases.computeIfAbsent(database, d -> new DatabaseState());
    }

    /** The last analysis if fresh, else a new one (waited for); null when none could be made. */
    private IndexAnalysis.Result current(String database, DatabaseState state) {
        IndexAnalysis.Result last = state.last;
        if (last != null && clockMillis.getAsLong() - state.lastMillis < FRESH_FOR.toMillis()) {
            return last;
        }
        CompletableFuture<IndexAnalysis.Result> running;
        synchronized (state) {
            running = state.running;
            if (running == null) {
                running = submitAnalysis(database, state);
                if (running == null) {
                    return last;
                }
                state.running = running;
            }
        }
        try {
            return running.get(timeLimit.toMillis() + 1_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return last;
        } catch (TimeoutException late) {
            // A task cancelled before it ran never completes its future: the next request starts anew.
            synchronized (state) {
                if (state.running == running) {
                    state.running = null;
                }
            }
            AgentLog.warn("advisor: analysis of " + database + " did not finish within " + timeLimit);
            return last;
        } catch (ExecutionException failed) {
            AgentLog.warn("advisor: analysis of " + database + " failed: " + (failed.getCause() == null ? failed : failed.getCause()));
            return last;
        }
    }

    private CompletableFuture<IndexAnalysis.Result> submitAnalysis(String database, DatabaseState state) {
        CompletableFuture<IndexAnalysis.Result> future = new CompletableFuture<>();
        List<ObservedStatement> statements = jdbc.statementStats().stream()
            .filter(stats -> stats.database().equals(database)).map(AdvisorFeature::observed).toList();
        try {
            tasks.submit(new TaskRequest("index-analysis", ANALYSIS_PRIORITY, database, timeLimit, context -> {
                try {
                    state.lock.lockInterruptibly();
                    try {
                        long started = System.nanoTime();
                        IndexAnalysis.Result result = IndexAnalysis.run(database, access, access.urlOf(database), statements,
                            minCalls, minTotalMs);
                        state.lastDurationMs = (System.nanoTime() - started) / 1e6;
                        state.last = result;
                        state.lastMillis = clockMillis.getAsLong();
                        future.complete(result);
                        return result.proposals().size() + " recommendations from " + result.statements().size()
                            + " statements analyzed";
                    } finally {
                        state.lock.unlock();
                    }
                } catch (Exception | Error failed) {
                    future.completeExceptionally(failed);
                    throw failed;
                } finally {
                    synchronized (state) {
                        state.running = null;
                    }
                }
            }));
            return future;
        } catch (TaskRejectedException full) {
            AgentLog.debug("advisor: analysis of " + database + " not queued: " + full.getMessage());
            return null;
        }
    }

    static ObservedStatement observed(StatementStats stats) {
        SqlOperation operation = stats.identity().operation();
        boolean analyzable = operation == SqlOperation.SELECT || operation == SqlOperation.UPDATE
            || operation == SqlOperation.DELETE;
        return new ObservedStatement(stats.identity().id(), stats.identity().normalized(), stats.identity().isWrite(),
            analyzable, stats.identity().tables(), stats.calls(), stats.totalMillis(), stats.meanMillis(),
            stats.percentileMillis(95), stats.firstSeenMillis());
    }

    private DatabaseAdvice advice(String database, DatabaseState state, IndexAnalysis.Result result) {
        List<Recommendation> recommendations = new ArrayList<>();
        Set<String> shown = new LinkedHashSet<>();
        for (AppliedIndex index : applied.values()) {
            if (index.database.equals(database) && shown.add(index.proposal.definition.name())) {
                recommendations.add(recommendation(database, index.proposal, index));
            }
        }
        if (result == null) {
            return new DatabaseAdvice(database, null, 0, 0, 0, 0, recommendations, List.of(), List.of());
        }
        for (Proposal proposal : result.proposals()) {
            if (shown.add(proposal.definition.name())) {
                recommendations.add(recommendation(database, proposal, null));
            }
        }
        recommendations.sort(Comparator.comparingDouble(Recommendation::estimatedBenefit).reversed());
        List<StatementAnalysis> noIndex = result.statements().stream()
            .filter(one -> one.status().equals("no_useful_index")).toList();
        List<StatementAnalysis> unreadable = result.statements().stream()
            .filter(one -> one.status().equals("not_analyzable") || one.status().equals("plan_failed")).toList();
        int analyzed = (int) result.statements().stream().filter(one -> !one.status().equals("plan_failed")).count();
        return new DatabaseAdvice(database, Instant.ofEpochMilli(state.lastMillis).toString(), state.lastDurationMs,
            result.seen(), analyzed, result.belowThresholds(), recommendations, noIndex, unreadable);
    }

    private Recommendation recommendation(String database, Proposal proposal, AppliedIndex index) {
        List<ServedStatement> served = new ArrayList<>();
        for (Proposal.Served one : proposal.served) {
            ObservedStatement statement = one.statement();
            Speedup measured = null;
            if (index != null && index.checks.containsKey(statement.id())) {
                measured = index.checks.get(statement.id()).measure(statsOf(database, statement.id()));
            }
            served.add(new ServedStatement(statement.id(), statement.sql(), statement.calls(), statement.meanMs(),
                statement.p95Ms(), one.rowsBefore(), one.rowsAfter(), one.planBefore(), one.planAfter(), measured));
        }
        String state = index == null ? "recommended" : index.error == null ? "applied" : "failed";
        return new Recommendation(database, proposal.definition.table(), proposal.definition.columnNames(),
            proposal.definition.name(), proposal.definition.createSql(), proposal.source, proposal.benefit, state,
            index == null ? null : index.appliedAt, index == null ? null : index.error, served);
    }

    private DatabaseIndexes indexesOf(String database, IndexAnalysis.Result result) {
        long since = jdbc.statementStats().stream().filter(stats -> stats.database().equals(database))
            .mapToLong(StatementStats::firstSeenMillis).min().orElse(clockMillis.getAsLong());
        DatabaseState state = state(database);
        return new DatabaseIndexes(database, Instant.ofEpochMilli(since).toString(),
            Instant.ofEpochMilli(state.lastMillis).toString(), result.planned(), IndexUsage.of(result));
    }
}
