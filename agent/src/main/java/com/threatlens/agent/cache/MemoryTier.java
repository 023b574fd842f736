package com.threatlens.agent.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * The memory tier: one Caffeine cache over every region, bounded by the estimated weight of its
 * values, each entry expiring at the time its region (or rule) gives it. Maintenance runs on the
 * calling threads, never on the host's common fork-join pool.
 */
final class MemoryTier {

    private final Cache<CacheKey, CachedEntry> entries;
    private final Map<String, RegionStats> regions = new ConcurrentHashMap<>();
    private final long maxWeight;

    MemoryTier(long maxWeight, Ticker ticker, Map<String, Region> regionsByName) {
        this.maxWeight = maxWeight;
        regionsByName.values().forEach(region -> regions.put(region.name(), new RegionStats(region)));
        this.entries = Caffeine.newBuilder()
            .maximumWeight(maxWeight)
            .weigher((CacheKey key, CachedEntry entry) -> entry.weight)
            .expireAfter(new Expiry<CacheKey, CachedEntry>() {
                @Override
                public long expireAfterCreate(CacheKey key, CachedEntry entry, long now) {
                    return Math.max(0, entry.expiresAtNanos - now);
                }

                @Override
                public long expireAfterUpdate(CacheKey key, CachedEntry entry, long now, long remaining) {
                    return Math.max(0, entry.expiresAtNanos - now);
                }

                @Override
                public long expireAfterRead(CacheKey key, CachedEntry entry, long now, long remaining) {
                    return remaining;
                }
            })
            .ticker(ticker)
            .executor(Runnable::run)
            .removalListener((CacheKey key, CachedEntry entry, RemovalCause cause) -> {
                if (entry != null) {
                    stats(entry.key.site).removed(entry.weight, cause);
                }
            })
            .build();
    }

    /** The figures of the site's region; found once per site, then read from the site (a hit's path). */
    RegionStats stats(CacheSite site) {
        RegionStats stats = site.regionStats;
        if (stats == null) {
            stats = regions.computeIfAbsent(site.rule.region().name(), name -> new RegionStats(site.rule.region()));
            site.regionStats = stats;
        }
        return stats;
    }

    Map<String, RegionStats> regions() {
        return regions;
    }

    CachedEntry get(CacheKey key) {
        return entries.getIfPresent(key);
    }

    void put(CachedEntry entry) {
        stats(entry.key.site).added(entry.weight);
        entries.put(entry.key, entry);
    }

    /** Drops {@code entry} if it is still the one cached under its key. */
    void remove(CachedEntry entry) {
        entries.asMap().remove(entry.key, entry);
    }

    /** Drops every entry {@code filter} accepts; returns how many. */
    long removeIf(Predicate<CachedEntry> filter) {
        long removed = 0;
        for (Map.Entry<CacheKey, CachedEntry> each : entries.asMap().entrySet()) {
            if (filter.test(each.getValue()) && entries.asMap().remove(each.getKey(), each.getValue())) {
                removed++;
            }
        }
        return removed;
    }

    void forEach(java.util.function.Consumer<CachedEntry> action) {
        entries.asMap().values().forEach(action);
    }

    long size() {
        entries.cleanUp();
        return entries.estimatedSize();
    }

    long weight() {
        return regions.values().stream().mapToLong(r -> r.weight.get()).sum();
    }

    long maxWeight() {
        return maxWeight;
    }

    void cleanUp() {
        entries.cleanUp();
    }
}
