package com.threatlens.example.bench.jmh;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The method {@link CacheHitBenchmark} caches: {@link #lookup} is named by the rule that
 * {@link CacheHitMain} hands to the agent, {@link #build} is the same work with no rule on it.
 * {@link #lookup} counts how often its body really runs, so that a benchmark meant to measure hits
 * can prove that it did.
 */
public class CachedLookupService {

    /** What a lookup returns: small, as a row read by primary key would be. */
    public record Item(long id, String title, String summary) {
    }

    private final AtomicLong lookupBodyRuns = new AtomicLong();

    /** The cached method: the body runs only on a miss. */
    public Item lookup(long id) {
        lookupBodyRuns.incrementAndGet();
        return build(id);
    }

    /** The body of {@link #lookup}, uncached: a few hundred nanoseconds of formatting. */
    public Item build(long id) {
        return new Item(id, String.format("item-%08d", id),
            String.format("item %d of the cache benchmark, checksum %x", id, Long.hashCode(id * 0x9E3779B97F4A7C15L)));
    }

    /** How many times the body of {@link #lookup} has run in this object. */
    public long lookupBodyRuns() {
        return lookupBodyRuns.get();
    }
}
