package com.threatlens.agent.search;

import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.threatlens.agent.bootstrap.AgentLog;
import com.threatlens.agent.data.ThreatLensDatabase;
import com.threatlens.agent.tasks.TaskProcessor;
import com.threatlens.agent.tasks.TaskRejectedException;
import com.threatlens.agent.tasks.TaskRequest;

/**
 * Whether the full-text index is there, looked up at most every few seconds (someone may create or
 * drop it), and, when {@code search.fts=true}, its build: once, as a background task.
 */
final class FtsState {

    static final long RECHECK_NANOS = TimeUnit.SECONDS.toNanos(5);
    /** Indexing wikis is in the seed's wiki-indexing band (5 to 10). */
    static final int BUILD_PRIORITY = 6;
    static final java.time.Duration BUILD_TIME_LIMIT = java.time.Duration.ofHours(1);

    private final ThreatLensDatabase database;
    private final boolean build;
    private final AtomicBoolean buildQueued = new AtomicBoolean();
    private volatile boolean available;
    private volatile long checkedAtNanos;
    private volatile boolean checked;
    private volatile TaskProcessor processor;

    FtsState(ThreatLensDatabase database, boolean build) {
        this.database = database;
        this.build = build;
    }

    /** Whether this agent builds the index ({@code search.fts=true}). */
    boolean builds() {
        return build;
    }

    void useProcessor(TaskProcessor processor) {
        this.processor = processor;
    }

    /** Whether searches can use the index now. The database must have been found. */
    boolean available() {
        long now = System.nanoTime();
        if (!checked || now - checkedAtNanos > RECHECK_NANOS) {
            try {
                available = database.read(FtsIndex::exists);
            } catch (SQLException unreadable) {
                available = false;
            }
            checkedAtNanos = now;
            checked = true;
            if (!available && build) {
                buildOnce();
            }
        }
        return available;
    }

    private void buildOnce() {
        if (!buildQueued.compareAndSet(false, true)) {
            return;
        }
        TaskProcessor tasks = processor;
        if (tasks != null) {
            try {
                tasks.submit(new TaskRequest("search-fts-build", BUILD_PRIORITY,
                    "FTS5 trigram index of security_wikis (search.fts=true)", BUILD_TIME_LIMIT, context -> {
                        context.progress(5);
                        return "indexed " + buildNow() + " wikis";
                    }));
            } catch (TaskRejectedException full) {
                AgentLog.warn("search: the full-text index build could not be queued, tried again later: "
                    + full.getMessage());
                buildQueued.set(false);
            }
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                buildNow();
            } catch (SQLException | RuntimeException failed) {
                AgentLog.warn("search: the full-text index could not be built: " + failed);
            }
        }, "threatlens-fts-build");
        thread.setDaemon(true);
        thread.start();
    }

    private long buildNow() throws SQLException {
        long indexed = database.write(FtsIndex::build);
        checked = false;
        AgentLog.info("search: the full-text index " + FtsIndex.TABLE + " holds " + indexed + " wikis");
        return indexed;
    }
}
