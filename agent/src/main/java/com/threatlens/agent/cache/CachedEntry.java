package com.threatlens.agent.cache;

import java.util.List;

import com.threatlens.agent.bootstrap.CacheHit;

/**
 * A value in the memory tier. It is the {@link CacheHit} the advice returns, so a hit allocates
 * nothing; it carries what decides whether it may still be served: the counter reading its call
 * began with and the marks of the tables that call read (none: time to live only).
 */
final class CachedEntry extends CacheHit {

    final CacheKey key;
    final long version;
    final TableMark[] reads;
    final List<String> tags;
    final long expiresAtNanos;
    final int weight;
    /** The remembered call this value came from, for warming; counts its hits. */
    final RecentCall call;
    /** The same expiry in wall-clock time, for the disk tier (0: unknown). */
    volatile long expiresAtMillis;
    /** Set when dropped for being past its time, so the removal counts as an expiry. */
    volatile boolean expired;

    CachedEntry(Object value, CacheKey key, long version, TableMark[] reads, List<String> tags, long expiresAtNanos,
                int weight, RecentCall call) {
        super(value);
        this.key = key;
        this.version = version;
        this.reads = reads;
        this.tags = tags;
        this.expiresAtNanos = expiresAtNanos;
        this.weight = weight;
        this.call = call;
    }

    Freshness freshness() {
        return reads.length == 0 ? Freshness.FRESH : TableMark.freshness(reads, version);
    }

    boolean hasTag(String tag) {
        return tags.contains(tag);
    }
}
