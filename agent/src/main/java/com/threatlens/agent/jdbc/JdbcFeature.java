package com.threatlens.agent.jdbc;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import com.threatlens.agent.bootstrap.JdbcBridge;
import com.threatlens.agent.config.AgentConfig;
import com.threatlens.agent.config.Settings;
import com.threatlens.sidecar.MetricsSection;
import com.threatlens.sidecar.queries.DatabaseRow;
import com.threatlens.sidecar.queries.QueryStatistics;
import com.threatlens.sidecar.queries.SlowSample;
import com.threatlens.sidecar.queries.SlowStatement;
import com.threatlens.sidecar.queries.StatementRow;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Query statistics as a feature: builds the recorder from its configuration, connects it to the
 * JDBC bridge, and answers the sidecar's questions about it.
 */
public final class JdbcFeature implements QueryStatistics, MetricsSection {

    private final StatementTable table;
    private final SlowQueryLog slowLog;
    private final JdbcRecorder recorder;
    private final JdbcMeters meters = new JdbcMeters();

    public JdbcFeature(AgentConfig config, LongSupplier clockMillis) {
        this.table = new StatementTable(config.get(Settings.STATS_MAX_STATEMENTS), clockMillis, meters);
        this.slowLog = new SlowQueryLog(config.get(Settings.SLOW_QUERY_THRESHOLD).toNanos(),
            config.get(Settings.SLOW_QUERY_SAMPLES), config.get(Settings.SLOW_QUERY_LOG_LIMIT), clockMillis);
        this.recorder = new JdbcRecorder(table, new StatementIdentities(), slowLog,
            config.get(Settings.SQL_CAPTURE_LITERALS), clockMillis);
    }

    /** Publishes the statistics as Micrometer meters. */
    public void bindMeters(MeterRegistry registry) {
        meters.bind(registry, table, slowLog);
    }

    /** Whether the configuration asks for query statistics (and no mistake switched them off). */
    public static boolean isOn(AgentConfig config) {
        return config.isFeatureOn(Settings.FEATURE_JDBC) && config.get(Settings.JDBC_ENABLED);
    }

    /** Runs the agent's own SQL without counting it. */
    public InternalSql internalSql() {
        return recorder;
    }

    /** Which tables the application reads and writes, for the cache's invalidation. */
    public TableTracking tableTracking() {
        return recorder;
    }

    /** See {@link JdbcRecorder#schemaChanges()}. */
    public long schemaChanges() {
        return recorder.schemaChanges();
    }

    /** See {@link JdbcRecorder#connectionStateChanges()}. */
    public long connectionStateChanges() {
        return recorder.connectionStateChanges();
    }

    /** Starts receiving the advice's calls. */
    public void connect() {
        JdbcBridge.install(recorder);
    }

    /** Every statement's statistics as they are now, for the index advisor. */
    public List<StatementStats> statementStats() {
        return table.snapshot();
    }

    /** Counts the statements this thread runs in {@code work} too; see {@link JdbcRecorder#attributeTo}. */
    public DatabaseWork attributeTo(DatabaseWork work) {
        return recorder.attributeTo(work);
    }

    @Override
    public String name() {
        return "database";
    }

    @Override
    public Map<String, Object> snapshot() {
        return summary();
    }

    @Override
    public Map<String, Object> summary() {
        long calls = 0;
        long completed = 0;
        long errors = 0;
        long rows = 0;
        double totalMs = 0;
        for (StatementStats stats : table.snapshot()) {
            calls += stats.calls();
            completed += stats.completedCount();
            errors += stats.errors();
            rows += stats.rows();
            totalMs += stats.totalMillis();
        }
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("queries", calls);
        summary.put("errors", errors);
        summary.put("rows", rows);
        summary.put("total_time_ms", totalMs);
        summary.put("mean_time_ms", completed == 0 ? 0 : totalMs / completed);
        summary.put("slow_queries", slowLog.total());
        summary.put("slow_query_threshold_ms", slowLog.thresholdNanos() / 1_000_000.0);
        summary.put("statements_tracked", table.size());
        summary.put("statements_max", table.maxStatements());
        summary.put("statements_evicted", table.evictions());
        return summary;
    }

    @Override
    public List<StatementRow> statements(String database) {
        return table.snapshot().stream()
            .filter(stats -> database == null || stats.database().equals(database))
            .map(JdbcFeature::row)
            .collect(Collectors.toList());
    }

    @Override
    public List<DatabaseRow> databases(int top) {
        Map<String, List<StatementStats>> byDatabase = table.snapshot().stream()
            .collect(Collectors.groupingBy(StatementStats::database, LinkedHashMap::new, Collectors.toList()));
        List<DatabaseRow> rows = new ArrayList<>();
        byDatabase.forEach((url, statements) -> {
            long calls = 0;
            long errors = 0;
            long fetched = 0;
            long slow = 0;
            double totalMs = 0;
            for (StatementStats stats : statements) {
                calls += stats.calls();
                errors += stats.errors();
                fetched += stats.rows();
                slow += stats.slowCount();
                totalMs += stats.totalMillis();
            }
            List<StatementRow> heaviest = statements.stream()
                .sorted(Comparator.comparingDouble(StatementStats::totalMillis).reversed())
                .limit(top).map(JdbcFeature::row).collect(Collectors.toList());
            rows.add(new DatabaseRow(url, calls, errors, fetched, slow, totalMs, statements.size(), heaviest, List.of()));
        });
        rows.sort(Comparator.comparingDouble(DatabaseRow::totalMs).reversed());
        return rows;
    }

    @Override
    public List<SlowStatement> slowerThan(double thresholdMs) {
        List<com.threatlens.agent.jdbc.SlowQuerySample> recent = slowLog.recent();
        return table.snapshot().stream()
            .filter(stats -> stats.meanMillis() >= thresholdMs)
            .sorted(Comparator.comparingDouble(StatementStats::meanMillis).reversed())
            .map(stats -> new SlowStatement(stats.identity().id(), stats.database(), stats.identity().normalized(),
                stats.calls(), stats.meanMillis(), stats.maxMillis(), stats.percentileMillis(95), stats.totalMillis(),
                stats.slowCount(), stats.slowCallers(), samplesOf(stats, recent)))
            .collect(Collectors.toList());
    }

    private static List<SlowSample> samplesOf(StatementStats stats, List<SlowQuerySample> recent) {
        List<SlowSample> samples = new ArrayList<>();
        for (int i = recent.size() - 1; i >= 0 && samples.size() < 10; i--) {
            SlowQuerySample sample = recent.get(i);
            if (sample.id().equals(stats.identity().id()) && sample.database().equals(stats.database())) {
                samples.add(new SlowSample(Instant.ofEpochMilli(sample.timestampMillis()).toString(), sample.id(),
                    sample.database(), sample.durationMs(), sample.executeMs(), sample.fetchMs(), sample.rows(),
                    sample.caller(), sample.sql()));
            }
        }
        return samples;
    }

    @Override
    public void reset() {
        table.clear();
        slowLog.clear();
        recorder.clear();
    }

    private static StatementRow row(StatementStats stats) {
        return new StatementRow(stats.identity().id(), stats.database(), stats.identity().normalized(),
            stats.identity().operation().name().toLowerCase(java.util.Locale.ROOT), stats.identity().tables(),
            stats.calls(), stats.errors(), stats.rows(), stats.slowCount(), stats.totalMillis(), stats.meanMillis(),
            stats.minMillis(), stats.maxMillis(), stats.percentileMillis(50), stats.percentileMillis(95),
            stats.percentileMillis(99), stats.executeMillis(), stats.fetchMillis(),
            Instant.ofEpochMilli(stats.firstSeenMillis()).toString(), Instant.ofEpochMilli(stats.lastSeenMillis()).toString(),
            stats.errorsBySqlState());
    }
}
