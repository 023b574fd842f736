package com.threatlens.sidecar.cache;

/** The tiers {@code POST /cache/clear?cache_type=} can empty. */
public enum CacheTier {
    MEMORY, DISK, ALL
}
