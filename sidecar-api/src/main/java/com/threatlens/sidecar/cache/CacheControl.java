package com.threatlens.sidecar.cache;

import java.util.Set;

/**
 * What the sidecar asks of the agent's result cache: its figures, and the operations behind the
 * {@code /cache/...} endpoints. The agent's cache engine implements it.
 *
 * <p>Arguments reach an implementation already checked: a region is one of {@link #regions()}, a
 * tag is not blank. {@code null} for a region means every region.
 */
public interface CacheControl {

    /** Both tiers, every region and rule, and the invalidation counters. */
    CacheStats stats();

    /** The names of the regions the cache knows, built-in and declared. */
    Set<String> regions();

    /** Drops every entry of {@code tier}, of one region or of all ({@code null}). */
    RemovedEntries clear(CacheTier tier, String region);

    /** Drops the entries carrying {@code tag}, in one region or in all ({@code null}), from both tiers. */
    RemovedEntries invalidateTag(String tag, String region);

    /** Drops every entry of {@code region} from both tiers. */
    RemovedEntries invalidateRegion(String region);

    /**
     * Queues recently and frequently used calls to be run again in the background, so that their
     * results are cached before they are asked for. Returns at once, with what was queued.
     *
     * @param region only calls of this region, or all ({@code null})
     * @param tag    only calls whose entries carry this tag, or all ({@code null})
     */
    WarmResult warm(String region, String tag);
}
