package com.threatlens.agent.pool;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import com.threatlens.agent.jdbc.InternalSql;

/**
 * Daemon threads for a pool's housekeeping, whose JDBC calls (opening, validating, closing
 * connections) are the agent's own and never appear in the application's statistics.
 */
final class InternalThreads implements ThreadFactory {

    private final String prefix;
    private final InternalSql internal;
    private final AtomicInteger sequence = new AtomicInteger();

    InternalThreads(String prefix, InternalSql internal) {
        this.prefix = prefix;
        this.internal = internal;
    }

    @Override
    public Thread newThread(Runnable task) {
        Thread thread = new Thread(() -> {
            try {
                internal.run(() -> {
                    task.run();
                    return null;
                });
            } catch (java.sql.SQLException impossible) {
                throw new IllegalStateException(impossible);
            }
        }, prefix + "-" + sequence.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    }
}
