package com.threatlens.agent.cache;

import java.lang.ref.WeakReference;
import java.util.List;

/**
 * A call the cache computed, remembered so that warming can make it again: its arguments, the
 * object it was called on (held weakly: the cache never keeps a service alive), the tags its last
 * value had, and how often it was asked for.
 */
final class RecentCall {

    final CacheKey key;
    final Object[] arguments;
    private final WeakReference<Object> instance;
    volatile List<String> tags;
    volatile long lastUsedNanos;
    /** Hits and fills; updated without synchronization (an estimate is enough to order by). */
    long uses;

    RecentCall(CacheKey key, Object[] arguments, Object instance, List<String> tags, long nowNanos) {
        this.key = key;
        this.arguments = arguments;
        this.instance = instance == null ? null : new WeakReference<>(instance);
        this.tags = tags;
        this.lastUsedNanos = nowNanos;
    }

    boolean isStatic() {
        return instance == null;
    }

    /** The object to call the method on, or null when it was collected (or the method is static). */
    Object instance() {
        return instance == null ? null : instance.get();
    }
}
