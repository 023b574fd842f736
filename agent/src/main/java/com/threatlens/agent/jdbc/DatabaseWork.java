package com.threatlens.agent.jdbc;

/**
 * The statements one unit of work (an HTTP request) ran on its thread, and the time they took
 * (execute plus fetch). Written only by the thread the work runs on, read by that same thread
 * when the work ends, so plain fields suffice.
 */
public final class DatabaseWork {

    long statements;
    long nanos;

    public long statements() {
        return statements;
    }

    public long nanos() {
        return nanos;
    }
}
