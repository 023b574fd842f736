package com.threatlens.agent.cache;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.RemovalCause;

/**
 * The memory tier's own figures for one region: what is in it and what left it. Calls, hits,
 * misses and loads are counted once, per cached method ({@link CacheSite}), and summed per region.
 */
final class RegionStats {

    final Region region;
    final LongAdder evictedSize = new LongAdder();
    final LongAdder evictedExpired = new LongAdder();
    final LongAdder evictedExplicit = new LongAdder();
    final LongAdder evictedReplaced = new LongAdder();
    final LongAdder evictedCollected = new LongAdder();
    final AtomicLong entries = new AtomicLong();
    final AtomicLong weight = new AtomicLong();

    RegionStats(Region region) {
        this.region = region;
    }

    void added(int entryWeight) {
        entries.incrementAndGet();
        weight.addAndGet(entryWeight);
    }

    void removed(int entryWeight, RemovalCause cause) {
        entries.decrementAndGet();
        weight.addAndGet(-entryWeight);
        switch (cause) {
            case SIZE:
                evictedSize.increment();
                break;
            case EXPIRED:
                evictedExpired.increment();
                break;
            case REPLACED:
                evictedReplaced.increment();
                break;
            case COLLECTED:
                evictedCollected.increment();
                break;
            default:
                evictedExplicit.increment();
        }
    }

}
