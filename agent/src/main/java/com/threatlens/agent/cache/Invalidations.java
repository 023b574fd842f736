package com.threatlens.agent.cache;

import java.util.concurrent.atomic.LongAdder;

import com.threatlens.sidecar.cache.CacheStats;

/** How often, and why, cached values were invalidated. */
final class Invalidations {

    final LongAdder byTable = new LongAdder();
    final LongAdder byTag = new LongAdder();
    final LongAdder byRegion = new LongAdder();
    final LongAdder all = new LongAdder();
    final LongAdder externalWrites = new LongAdder();
    final LongAdder unknownTables = new LongAdder();

    CacheStats.Invalidations snapshot() {
        return new CacheStats.Invalidations(byTable.sum(), byTag.sum(), byRegion.sum(), all.sum(),
            externalWrites.sum(), unknownTables.sum());
    }
}
