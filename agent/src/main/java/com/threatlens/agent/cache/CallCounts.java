package com.threatlens.agent.cache;

import java.util.List;
import java.util.function.Predicate;

/** Calls, hits, misses, loads and refusals summed over cached methods (a region, a rule, all). */
record CallCounts(long hits, long misses, long loads, long loadNanos, long staleRejected) {

    static CallCounts of(List<CacheSite> sites, Predicate<CacheSite> which) {
        long hits = 0;
        long misses = 0;
        long loads = 0;
        long loadNanos = 0;
        long staleRejected = 0;
        for (CacheSite site : sites) {
            if (which.test(site)) {
                hits += site.hits.sum();
                misses += site.misses.sum();
                loads += site.fills.sum();
                loadNanos += site.loadNanos.sum();
                staleRejected += site.staleRejected.sum();
            }
        }
        return new CallCounts(hits, misses, loads, loadNanos, staleRejected);
    }

    double hitRatio() {
        return hits + misses == 0 ? 0 : (double) hits / (hits + misses);
    }

    double averageLoadMillis() {
        return loads == 0 ? 0 : loadNanos / 1e6 / loads;
    }
}
