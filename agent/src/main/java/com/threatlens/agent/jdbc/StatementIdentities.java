package com.threatlens.agent.jdbc;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded, thread-safe cache from SQL strings to their {@link StatementIdentity}, so that each
 * distinct SQL string is normalized and analyzed once.
 *
 * <p>A hit is one {@link ConcurrentHashMap#get} plus, the first time an entry is hit since the last
 * eviction, one plain field write; no locks. A miss computes the identity without holding a lock,
 * then inserts it under a lock; only misses contend. The cache never holds more than
 * {@code maxEntries} entries.
 *
 * <p>Eviction (second chance): every entry carries a "referenced" bit, set when it is hit. When an
 * insert finds the cache full, a sweep over the entries clears the bit of referenced entries and
 * removes unreferenced ones until half of the capacity is free; if too few were unreferenced, a
 * second pass removes entries in iteration order. Statements in steady use thus survive while
 * one-off statements (SQL with inlined literals) are dropped, and the sweep cost, linear in the
 * capacity, is amortized over {@code maxEntries / 2} inserts. An evicted statement is simply
 * recomputed on its next use, with the same id. The bit is written without synchronization: a lost
 * update only makes an eviction slightly less accurate.
 *
 * <p>SQL longer than {@code maxSqlLength} characters is computed on every call and not cached, so
 * huge generated statements cannot pin large strings in memory.
 */
public final class StatementIdentities {

    public static final int DEFAULT_MAX_ENTRIES = 10_000;
    public static final int DEFAULT_MAX_SQL_LENGTH = 16 * 1024;

    private static final class Entry {
        final StatementIdentity identity;
        boolean referenced;

        Entry(StatementIdentity identity) {
            this.identity = identity;
        }
    }

    private final ConcurrentHashMap<String, Entry> entries;
    private final int maxEntries;
    private final int maxSqlLength;
    private final Object insertLock = new Object();
    /** Number of entries; changed only under {@link #insertLock}, as is the map. */
    private int size;

    public StatementIdentities() {
        this(DEFAULT_MAX_ENTRIES);
    }

    public StatementIdentities(int maxEntries) {
        this(maxEntries, DEFAULT_MAX_SQL_LENGTH);
    }

    /**
     * @param maxEntries   the most entries the cache holds, at least 1
     * @param maxSqlLength SQL strings longer than this are not cached
     */
    public StatementIdentities(int maxEntries, int maxSqlLength) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be at least 1: " + maxEntries);
        }
        if (maxSqlLength < 0) {
            throw new IllegalArgumentException("maxSqlLength must not be negative: " + maxSqlLength);
        }
        this.maxEntries = maxEntries;
        this.maxSqlLength = maxSqlLength;
        this.entries = new ConcurrentHashMap<>(Math.min(maxEntries, 1024));
    }

    /** The identity of {@code sql}; {@link StatementIdentity#EMPTY} for {@code null} or {@code ""}. Never throws. */
    public StatementIdentity of(String sql) {
        if (sql == null || sql.isEmpty()) {
            return StatementIdentity.EMPTY;
        }
        Entry entry = entries.get(sql);
        if (entry != null) {
            if (!entry.referenced) {
                entry.referenced = true;
            }
            return entry.identity;
        }
        StatementIdentity identity = StatementIdentity.of(sql);
        if (sql.length() > maxSqlLength) {
            return identity;
        }
        synchronized (insertLock) {
            Entry raced = entries.get(sql);
            if (raced != null) {
                return raced.identity;
            }
            if (size >= maxEntries) {
                evict();
            }
            entries.put(sql, new Entry(identity));
            size++;
        }
        return identity;
    }

    /** The current number of cached entries. */
    public int size() {
        return entries.size();
    }

    public int maxEntries() {
        return maxEntries;
    }

    public void clear() {
        synchronized (insertLock) {
            entries.clear();
            size = 0;
        }
    }

    /** Frees half of the capacity; called with {@link #insertLock} held. */
    private void evict() {
        int target = maxEntries / 2;
        Iterator<Entry> sweep = entries.values().iterator();
        while (size > target && sweep.hasNext()) {
            Entry entry = sweep.next();
            if (entry.referenced) {
                entry.referenced = false;
            } else {
                sweep.remove();
                size--;
            }
        }
        Iterator<Entry> rest = entries.values().iterator();
        while (size > target && rest.hasNext()) {
            rest.next();
            rest.remove();
            size--;
        }
    }
}
