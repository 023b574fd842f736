package com.threatlens.agent.jdbc;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Every statement's statistics, bounded like pg_stat_statements: at most {@code maxStatements}
 * entries; when a new statement arrives at a full table, the least-executed 5% are evicted in
 * one sweep (so the sort is amortized over many inserts) and counted. An evicted entry is
 * flagged, so that holders of a direct reference (prepared statements) look it up again.
 */
public final class StatementTable {

    private static final int MAX_OPERATION_TABLES = 256;

    private final int maxStatements;
    private final LongSupplier clockMillis;
    private final Map<StatementKey, StatementStats> entries = new ConcurrentHashMap<>();
    private final Map<String, OperationTotals> totals = new ConcurrentHashMap<>();
    private final LongAdder evictions = new LongAdder();
    private final Object insertLock = new Object();
    private final OperationTotalsListener listener;

    /** Told of each new operation/table pair, to register its meters. */
    public interface OperationTotalsListener {
        void added(OperationTotals totals);
    }

    public StatementTable(int maxStatements, LongSupplier clockMillis, OperationTotalsListener listener) {
        if (maxStatements < 1) {
            throw new IllegalArgumentException("maxStatements must be at least 1, was " + maxStatements);
        }
        this.maxStatements = maxStatements;
        this.clockMillis = clockMillis;
        this.listener = listener;
    }

    public StatementStats get(String database, StatementIdentity identity) {
        StatementKey key = new StatementKey(database, identity.id());
        StatementStats stats = entries.get(key);
        return stats != null ? stats : insert(key, database, identity);
    }

    private StatementStats insert(StatementKey key, String database, StatementIdentity identity) {
        synchronized (insertLock) {
            StatementStats existing = entries.get(key);
            if (existing != null) {
                return existing;
            }
            if (entries.size() >= maxStatements) {
                evictLeastExecuted();
            }
            OperationTotals totals = totalsFor(identity);
            StatementStats stats = new StatementStats(database, identity, totals, clockMillis.getAsLong());
            entries.put(key, stats);
            totals.join(stats);
            return stats;
        }
    }

    private void evictLeastExecuted() {
        List<Map.Entry<StatementKey, StatementStats>> all = new ArrayList<>(entries.entrySet());
        all.sort(Comparator.comparingLong(e -> e.getValue().calls()));
        int count = Math.max(1, maxStatements / 20);
        for (int i = 0; i < count && i < all.size(); i++) {
            Map.Entry<StatementKey, StatementStats> victim = all.get(i);
            if (entries.remove(victim.getKey(), victim.getValue())) {
                leave(victim.getValue());
                evictions.increment();
            }
        }
    }

    private static void leave(StatementStats stats) {
        stats.evicted = true;
        stats.totals.retire(stats);
    }

    private OperationTotals totalsFor(StatementIdentity identity) {
        String operation = identity.operation().name().toLowerCase(java.util.Locale.ROOT);
        String table = identity.tables().isEmpty() ? "none" : identity.tables().get(0);
        String key = operation + ' ' + table;
        OperationTotals found = totals.get(key);
        if (found != null) {
            return found;
        }
        if (totals.size() >= MAX_OPERATION_TABLES) {
            table = "other";
            key = operation + ' ' + table;
            found = totals.get(key);
            if (found != null) {
                return found;
            }
        }
        OperationTotals created = new OperationTotals(operation, table);
        totals.put(key, created);
        listener.added(created);
        return created;
    }

    public List<StatementStats> snapshot() {
        return new ArrayList<>(entries.values());
    }

    public int size() {
        return entries.size();
    }

    public int maxStatements() {
        return maxStatements;
    }

    public long evictions() {
        return evictions.sum();
    }

    /** Forgets every statement (the cumulative meters per operation and table keep counting). */
    public void clear() {
        synchronized (insertLock) {
            entries.values().forEach(StatementTable::leave);
            entries.clear();
            evictions.reset();
        }
    }
}
