package com.threatlens.sidecar.cache;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/** A cache that answers fixed figures and writes down every operation it is asked for. */
final class FakeCache implements CacheControl {

    static final Set<String> REGIONS = Set.of("wiki", "search", "analytics", "patterns", "owasp", "reports");

    final List<String> calls = new CopyOnWriteArrayList<>();
    private final CacheStats stats;

    FakeCache(CacheStats stats) {
        this.stats = stats;
    }

    FakeCache() {
        this(withDisk(new CacheStats.Disk(CacheStats.DiskState.OK, null, "/var/cache/threatlens/cache.db", 40, 81_920,
            1_048_576, 30, 10, 0.75, 55, 2, new CacheStats.DiskEvictions(4, 6, 8), 1, 0)));
    }

    static CacheStats withDisk(CacheStats.Disk disk) {
        return new CacheStats(
            new CacheStats.Memory(12, 4_096, 65_536, 90, 10, 0.9, 10, 2.5, new CacheStats.MemoryEvictions(1, 2, 3, 4, 5)),
            disk,
            List.of(new CacheStats.Region("wiki", 3_600, 7, 2_048, 50, 5, 50.0 / 55, 3, 1.25, 2),
                new CacheStats.Region("search", 1_800, 5, 2_048, 40, 5, 40.0 / 45, 0, 4.0, 0)),
            List.of(new CacheStats.Rule("wiki-page", "com.example.WikiService#page(long)", "wiki",
                    CacheStats.RuleState.ACTIVE, null, 55, 50, 5, List.of("wiki_pages", "repositories")),
                new CacheStats.Rule("search", "com.example.SearchService#search(String)", "search",
                    CacheStats.RuleState.TTL_ONLY, "no tables found in its statements", 45, 40, 5, List.of())),
            new CacheStats.Invalidations(11, 12, 13, 14, 15, 16));
    }

    @Override
    public CacheStats stats() {
        return stats;
    }

    @Override
    public Set<String> regions() {
        return REGIONS;
    }

    @Override
    public RemovedEntries clear(CacheTier tier, String region) {
        calls.add("clear " + tier + " " + region);
        return new RemovedEntries(3, 5);
    }

    @Override
    public RemovedEntries invalidateTag(String tag, String region) {
        calls.add("invalidateTag " + tag + " " + region);
        return new RemovedEntries(2, 1);
    }

    @Override
    public RemovedEntries invalidateRegion(String region) {
        calls.add("invalidateRegion " + region);
        return new RemovedEntries(7, 4);
    }

    @Override
    public WarmResult warm(String region, String tag) {
        calls.add("warm " + region + " " + tag);
        return new WarmResult(12, "warm-1");
    }
}
