package com.threatlens.agent.cache;

import java.util.Arrays;

/** A cached call: the site (rule and method) and the values of the rule's key. */
final class CacheKey {

    final CacheSite site;
    final Object[] parts;
    private final int hash;

    CacheKey(CacheSite site, Object[] parts) {
        this.site = site;
        this.parts = parts;
        this.hash = 31 * site.id + Arrays.deepHashCode(parts);
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof CacheKey)) {
            return false;
        }
        CacheKey key = (CacheKey) other;
        return hash == key.hash && site == key.site && Arrays.deepEquals(parts, key.parts);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return site.signature + Arrays.deepToString(parts);
    }
}
