package com.threatlens.agent.cache;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.RemovalCause;

/** The memory tier's figures for one region. */
final class RegionStats {

    final Region region;
    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder loads = new LongAdder();
    final LongAdder loadNanos = new LongAdder();
    final LongAdder staleRejected = new LongAdder();
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

    double hitRatio() {
        long h = hits.sum();
        long total = h + misses.sum();
        return total == 0 ? 0 : (double) h / total;
    }

    double averageLoadMillis() {
        long n = loads.sum();
        return n == 0 ? 0 : loadNanos.sum() / 1e6 / n;
    }
}
