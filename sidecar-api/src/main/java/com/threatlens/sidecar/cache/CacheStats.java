package com.threatlens.sidecar.cache;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The answer of {@code GET /cache/stats}: the memory tier, the disk tier, each region, each rule
 * and the invalidation counters. A hit ratio is hits over hits plus misses, 0 to 1, and 0 before
 * the first lookup.
 *
 * @param disk never {@code null}: a disk tier that is switched off reports {@link Disk#off(String)}
 */
public record CacheStats(Memory memory, Disk disk, List<Region> regions, List<Rule> rules,
                         Invalidations invalidations) {

    public CacheStats {
        regions = List.copyOf(regions);
        rules = List.copyOf(rules);
    }

    /**
     * The in-process tier.
     *
     * @param weightBytes    estimated size of the values held
     * @param loads          calls run because neither tier had their result
     * @param averageLoadMs  mean time of those calls
     */
    public record Memory(long entries, long weightBytes, long maxWeightBytes, long hits, long misses, double hitRatio,
                         long loads, double averageLoadMs, MemoryEvictions evictions) {
    }

    /**
     * Entries the memory tier let go, by cause.
     *
     * @param size        evicted to stay under the maximum weight
     * @param expired     past their region's TTL
     * @param invalidated removed by an invalidation or a clear
     * @param replaced    overwritten by a newer result for the same key
     * @param collected   values reclaimed by the garbage collector
     */
    public record MemoryEvictions(long size, long expired, long invalidated, long replaced, long collected) {
    }

    /**
     * The SQLite file behind the memory tier.
     *
     * @param reason             why the tier is not {@code ok}; {@code null} when it is
     * @param bytes              size of the file
     * @param writesDropped      entries not written, because the write queue was full or the write failed
     * @param undecodableDropped rows deleted because they could no longer be read back
     * @param corruptRecoveries  times a corrupt file was set aside and a new one started
     */
    public record Disk(DiskState state, String reason, String path, long entries, long bytes, long maxBytes,
                       long hits, long misses, double hitRatio, long writes, long writesDropped,
                       DiskEvictions evictions, long undecodableDropped, long corruptRecoveries) {

        /** A disk tier that is switched off: its state, why, and zero figures. */
        public static Disk off(String reason) {
            return new Disk(DiskState.OFF, reason, null, 0, 0, 0, 0, 0, 0, 0, 0, new DiskEvictions(0, 0, 0), 0, 0);
        }
    }

    /** Rows the disk tier deleted, by cause: over its maximum size, past their TTL, by invalidation or clear. */
    public record DiskEvictions(long size, long expired, long invalidated) {
    }

    public enum DiskState {
        /** Reading and writing. */
        OK,
        /** Not in use, {@code reason} says why; the memory tier works on without it. */
        UNAVAILABLE,
        /** Reading and writing again after a corrupt file was replaced; its entries were lost. */
        RECOVERED,
        /** Switched off in the configuration. */
        OFF;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One region: a TTL and the entries of the rules that name it.
     *
     * @param hits          lookups answered by either tier
     * @param staleRejected results not stored, or entries not served, because a table they read was
     *                      written while they were computed or since
     */
    public record Region(String name, long ttlSeconds, long entries, long weightBytes, long hits, long misses,
                         double hitRatio, long evictions, double averageLoadMs, long staleRejected) {
    }

    /**
     * One caching rule: a method whose results are cached in a region.
     *
     * @param method the method it applies to, as the rule names it
     * @param reason why the rule is not {@code active}; {@code null} when it is
     * @param calls  calls of the method seen while the rule was in force
     * @param tables the tables the method's results are read from: a write to one invalidates them
     */
    public record Rule(String name, String method, String region, RuleState state, String reason, long calls,
                       long hits, long misses, List<String> tables) {

        public Rule {
            tables = List.copyOf(tables);
        }
    }

    public enum RuleState {
        /** Cached in both tiers, invalidated by writes to its tables. */
        ACTIVE,
        /** Cached in memory only (its results cannot be stored on disk, or the disk tier is not in use). */
        MEMORY_ONLY,
        /** Cached, but only its TTL ends an entry: the tables it reads are not known. */
        TTL_ONLY,
        /** Not cached; {@code reason} says why. */
        OFF;

        @JsonValue
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Invalidations since the start, by what caused them.
     *
     * @param byTable        writes to a table that cached results read
     * @param byTag          invalidations of a tag ({@code repo:42})
     * @param byRegion       invalidations of a whole region
     * @param all            clears of the whole cache
     * @param externalWrites writes by another process, seen as a change of SQLite's {@code data_version}
     * @param unknownTables  writes whose tables could not be told from their SQL
     */
    public record Invalidations(long byTable, long byTag, long byRegion, long all, long externalWrites,
                                long unknownTables) {
    }
}
