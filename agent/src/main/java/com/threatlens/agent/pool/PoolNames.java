package com.threatlens.agent.pool;

import java.util.concurrent.atomic.AtomicInteger;

import com.threatlens.agent.jdbc.DatabaseUrl;

/** How pools are named in logs, thread names and meters. */
final class PoolNames {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private PoolNames() {
    }

    /** The database as query statistics show it: the URL without parameters or credentials. */
    static String database(PoolKey key) {
        return DatabaseUrl.sanitize(key.url());
    }

    /** {@code threatlens-sqlite-1-threatlens.db}: unique, and short enough for thread names. */
    static String next(PoolKey key) {
        String database = database(key);
        String file = database.substring(Math.max(database.lastIndexOf('/'), database.lastIndexOf(':')) + 1);
        return "threatlens-sqlite-" + SEQUENCE.incrementAndGet() + "-" + file;
    }
}
