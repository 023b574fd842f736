package com.threatlens.agent.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import com.threatlens.agent.bootstrap.AgentLog;
import com.threatlens.sidecar.cache.CacheStats;

/**
 * The disk tier while it opens on a thread of its own: opening checks the file's integrity, which
 * takes seconds on a large file, and the agent's start (instrumentation included) must not wait
 * for it. Until it is open, reads miss, and writes and removals are kept in order and applied
 * to it first; past {@link #MAX_PENDING} of them, the writes are dropped and the removals become
 * one removal of everything (losing values, never keeping one that was to go).
 */
final class OpeningTier implements SecondTier {

    static final int MAX_PENDING = 10_000;

    private final CountDownLatch opened = new CountDownLatch(1);
    private final List<Consumer<SecondTier>> pending = new ArrayList<>();
    private boolean overflowed;
    private volatile SecondTier tier;

    OpeningTier(Supplier<SecondTier> opener) {
        Thread thread = new Thread(() -> open(opener), "threatlens-cache-disk-open");
        thread.setDaemon(true);
        thread.start();
    }

    private void open(Supplier<SecondTier> opener) {
        SecondTier opening;
        try {
            opening = opener.get();
        } catch (RuntimeException | Error failed) {
            AgentLog.warn("the cache's disk tier cannot be opened, values are cached in memory only: " + failed);
            opening = SecondTier.NONE;
        }
        SecondTier ready = opening;
        synchronized (this) {
            if (overflowed) {
                ready.removeAll();
            } else {
                pending.forEach(operation -> operation.accept(ready));
            }
            pending.clear();
            tier = ready;
        }
        opened.countDown();
    }

    /** Applies {@code operation} now if the tier is open, else once it is. */
    private void apply(Consumer<SecondTier> operation, boolean isRemoval) {
        SecondTier ready = tier;
        if (ready != null) {
            operation.accept(ready);
            return;
        }
        synchronized (this) {
            if (tier != null) {
                operation.accept(tier);
            } else if (!overflowed && pending.size() < MAX_PENDING) {
                pending.add(operation);
            } else if (isRemoval) {
                overflowed = true;
                pending.clear();
            }
        }
    }

    @Override
    public Stored read(CacheKey key) {
        SecondTier ready = tier;
        return ready == null ? null : ready.read(key);
    }

    @Override
    public void write(CachedEntry entry) {
        apply(ready -> ready.write(entry), false);
    }

    @Override
    public long removeTag(String tag, String region) {
        long[] removed = new long[1];
        apply(ready -> removed[0] = ready.removeTag(tag, region), true);
        return removed[0];
    }

    @Override
    public long removeRegion(String region) {
        long[] removed = new long[1];
        apply(ready -> removed[0] = ready.removeRegion(region), true);
        return removed[0];
    }

    @Override
    public long removeAll() {
        long[] removed = new long[1];
        apply(ready -> removed[0] = ready.removeAll(), true);
        return removed[0];
    }

    @Override
    public void removeDatabase(String database) {
        apply(ready -> ready.removeDatabase(database), true);
    }

    @Override
    public void removeTables(String database, Collection<String> tables) {
        apply(ready -> ready.removeTables(database, tables), true);
    }

    @Override
    public CacheStats.Disk stats() {
        SecondTier ready = tier;
        if (ready == null) {
            return new CacheStats.Disk(CacheStats.DiskState.UNAVAILABLE, "opening (checking the file)", null, 0, 0, 0,
                0, 0, 0, 0, 0, new CacheStats.DiskEvictions(0, 0, 0), 0, 0);
        }
        return ready.stats();
    }

    /** Waits a little for the opening to end, so that what is pending is written; then closes. */
    @Override
    public void close() {
        try {
            opened.await(2, TimeUnit.SECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
        SecondTier ready = tier;
        if (ready != null) {
            ready.close();
        }
    }

    /** Blocks until the tier is open (tests). */
    boolean awaitOpen(long timeoutMillis) throws InterruptedException {
        return opened.await(timeoutMillis, TimeUnit.MILLISECONDS);
    }
}
