package com.threatlens.agent.bootstrap;

/**
 * A cached result handed to the method-cache advice, which returns {@link #value} instead of
 * running the method. The engine's memory entries extend it, so a hit allocates nothing.
 */
public class CacheHit {

    public final Object value;

    public CacheHit(Object value) {
        this.value = value;
    }
}
