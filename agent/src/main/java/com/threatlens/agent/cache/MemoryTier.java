package com.threatlens.agent.cache;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import com.github.benmanes.caffeine.cache.Ticker;

/**
 * The memory tier: one Caffeine cache over every region, bounded by the estimated weight of its
 * values, each entry expiring at the time its region (or rule) gives it. Maintenance runs on the
 * calling threads, never on the host's common fork-join pool.
 *
 * <p>Expiry is checked here rather than by Caffeine: Caffeine's per-entry expiry reads its ticker
 * and reorders its timer wheel on every read, which measured at a third of a hit's cost. An entry
 * past its time is dropped when it is next asked for, and by {@link #sweep} (every 30 s and before
 * the stats are read), and counted as expired.
 */
final class MemoryTier {

    private final Cache<CacheKey, CachedEntry> entries;
    private final Map<String, RegionStats> regions = new ConcurrentHashMap<>();
    private final long maxWeight;
    private final Ticker ticker;

    MemoryTier(long maxWeight, Ticker ticker, Map<String, Region> regionsByName) {
        this.maxWeight = maxWeight;
        regionsByName.values().forEach(region -> regions.put(region.name(), new RegionStats(region)));
        this.ticker = ticker;
        this.entries = Caffeine.newBuilder()
            .maximumWeight(maxWeight)
            .weigher((CacheKey key, CachedEntry entry) -> entry.weight)
            .executor(Runnable::run)
            .removalListener((CacheKey key, CachedEntry entry, RemovalCause cause) -> {
                if (entry != null) {
                    stats(entry.key.site).removed(entry.weight, entry.expired ? RemovalCause.EXPIRED : cause);
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

    /** The live entry of {@code key}; one past its time is dropped and counted as expired. */
    CachedEntry get(CacheKey key) {
        CachedEntry entry = entries.getIfPresent(key);
        if (entry != null && entry.expiresAtNanos - ticker.read() <= 0) {
            expire(entry);
            return null;
        }
        return entry;
    }

    private void expire(CachedEntry entry) {
        entry.expired = true;
        remove(entry);
    }

    /** Drops every entry past its time. */
    void sweep() {
        long now = ticker.read();
        for (CachedEntry entry : entries.asMap().values()) {
            if (entry.expiresAtNanos - now <= 0) {
                expire(entry);
            }
        }
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
        cleanUp();
        return entries.estimatedSize();
    }

    long weight() {
        return regions.values().stream().mapToLong(r -> r.weight.get()).sum();
    }

    long maxWeight() {
        return maxWeight;
    }

    void cleanUp() {
        sweep();
        entries.cleanUp();
    }
}
