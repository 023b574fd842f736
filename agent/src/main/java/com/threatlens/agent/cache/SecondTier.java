package com.threatlens.agent.cache;

import java.util.Collection;

import com.threatlens.sidecar.cache.CacheStats;

/**
 * The tier behind memory: the disk, or nothing. Reads are synchronous (a memory miss waits for
 * them), writes are queued.
 */
interface SecondTier {

    /** A value read back: ready to be checked for freshness like a memory entry. */
    record Stored(Object value, long version, TableMark[] reads, java.util.List<String> tags, long expiresAtMillis) {
    }

    /** The stored value of {@code key}, or null (absent, expired, or no longer decodable). */
    Stored read(CacheKey key);

    /** Stores {@code entry} in the background. */
    void write(CachedEntry entry);

    long removeTag(String tag, String region);

    long removeRegion(String region);

    long removeAll();

    /** Entries that read {@code database}; asynchronous. */
    void removeDatabase(String database);

    /** Entries that read one of {@code tables} of {@code database} (null: any); asynchronous. */
    void removeTables(String database, Collection<String> tables);

    /** The tier's figures for the stats endpoint. */
    CacheStats.Disk stats();

    void close();

    /** No second tier: the disk is off. */
    SecondTier NONE = new SecondTier() {
        @Override
        public Stored read(CacheKey key) {
            return null;
        }

        @Override
        public void write(CachedEntry entry) {
        }

        @Override
        public long removeTag(String tag, String region) {
            return 0;
        }

        @Override
        public long removeRegion(String region) {
            return 0;
        }

        @Override
        public long removeAll() {
            return 0;
        }

        @Override
        public void removeDatabase(String database) {
        }

        @Override
        public void removeTables(String database, Collection<String> tables) {
        }

        @Override
        public CacheStats.Disk stats() {
            return CacheStats.Disk.off("cache.disk.enabled=false");
        }

        @Override
        public void close() {
        }
    };
}
