package com.threatlens.sidecar.cache;

/**
 * How many entries a clear or an invalidation removed, per tier.
 *
 * @param disk rows deleted from the disk tier; 0 when that tier is off or was not asked
 */
public record RemovedEntries(long memory, long disk) {
}
