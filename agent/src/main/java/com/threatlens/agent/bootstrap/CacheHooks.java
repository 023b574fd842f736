package com.threatlens.agent.bootstrap;

/**
 * What the method-cache advice asks the engine, implemented inside the agent class loader. Only
 * JDK types and {@link CacheHit} cross this line.
 */
public interface CacheHooks {

    /**
     * A cached method was entered. Answers a {@link CacheHit} (return its value, skip the
     * method), a token to hand to {@link #complete} when the method returns (its result is to
     * be cached), or null (run the method as if no cache were there).
     */
    Object lookup(int site, Object instance, Object[] arguments);

    /** The method of a {@link #lookup} token returned {@code result} or threw {@code thrown}. */
    void complete(Object token, Object result, Throwable thrown);
}
