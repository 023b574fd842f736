package com.threatlens.agent.cache.disk;

/**
 * A snapshot of the disk tier.
 *
 * @param reason            why the tier is unavailable, or what recovery did; {@code null} when ok
 * @param entries           stored entries
 * @param bytes             their estimated size, bounded by {@code maxBytes}
 * @param writes            writes accepted into the queue
 * @param writesDropped     writes refused because the queue was full
 * @param evictedSize       entries removed, least recently used first, to stay under {@code maxBytes}
 * @param evictedExpired    entries removed because they expired
 * @param invalidated       entries removed by tag, region, table, database or key
 * @param undecodableDropped entries removed because their value no longer decoded
 * @param corruptRecoveries times a corrupt file was moved aside and replaced by an empty one
 * @param failures          SQL operations that failed (the first is logged)
 * @param queueLength       operations waiting for the writer thread
 */
public record DiskStats(State state, String reason, String path, long entries, long bytes, long maxBytes,
                        long reads, long hits, long misses, long writes, long writesDropped,
                        long evictedSize, long evictedExpired, long invalidated, long undecodableDropped,
                        long corruptRecoveries, long failures, int queueLength) {

    public enum State {
        /** Working on the file it opened. */
        OK,
        /** No file could be used: every operation is a no-op answering "absent". */
        UNAVAILABLE,
        /** Working on a fresh file after a corrupt one was moved aside. */
        RECOVERED
    }
}
