package com.threatlens.agent.cache.disk;

import java.util.concurrent.TimeUnit;

/**
 * The disk tier's knobs.
 *
 * @param maxBytes          bound on the estimated size of the stored entries (see {@link DiskTier})
 * @param queueCapacity     writes waiting for the writer thread; beyond it new writes are dropped
 * @param batchSize         queued operations applied in one transaction
 * @param sweepIntervalMillis how often (by the tier's clock) expired entries are deleted
 * @param readConnections   connections serving {@link DiskTier#read} concurrently
 */
public record DiskOptions(long maxBytes, int queueCapacity, int batchSize, long sweepIntervalMillis, int readConnections) {

    public static final int DEFAULT_QUEUE_CAPACITY = 10_000;
    public static final int DEFAULT_BATCH_SIZE = 500;
    public static final long DEFAULT_SWEEP_INTERVAL_MILLIS = TimeUnit.MINUTES.toMillis(1);
    public static final int DEFAULT_READ_CONNECTIONS = 4;

    public DiskOptions {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        if (queueCapacity < 0) {
            throw new IllegalArgumentException("queueCapacity must not be negative, was " + queueCapacity);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, was " + batchSize);
        }
        if (sweepIntervalMillis <= 0) {
            throw new IllegalArgumentException("sweepIntervalMillis must be positive, was " + sweepIntervalMillis);
        }
        if (readConnections <= 0) {
            throw new IllegalArgumentException("readConnections must be positive, was " + readConnections);
        }
    }

    public static DiskOptions withMaxBytes(long maxBytes) {
        return new DiskOptions(maxBytes, DEFAULT_QUEUE_CAPACITY, DEFAULT_BATCH_SIZE, DEFAULT_SWEEP_INTERVAL_MILLIS,
            DEFAULT_READ_CONNECTIONS);
    }

    public DiskOptions withQueueCapacity(int capacity) {
        return new DiskOptions(maxBytes, capacity, batchSize, sweepIntervalMillis, readConnections);
    }
}
