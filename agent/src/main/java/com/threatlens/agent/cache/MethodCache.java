package com.threatlens.agent.cache;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import com.threatlens.agent.bootstrap.CacheHit;
import com.threatlens.agent.bootstrap.CacheHooks;
import com.threatlens.agent.jdbc.TableReads;
import com.threatlens.agent.jdbc.TableTracking;

/**
 * The engine behind the method-cache advice.
 *
 * <p>A call looks in memory, then on disk. A value found is served only if it is fresh (see
 * {@link TableVersions}): a stale one is dropped, one whose tables are being written is passed
 * over. On a miss the first caller of a key runs the method and becomes that key's fill; callers
 * of the same key meanwhile wait for it and take its value if it was stored (a value is stored
 * only if still fresh when the method returns, so a waiter that began after a write committed
 * never gets a value computed before it). While the method runs, the JDBC interception tells the
 * fill which tables it reads. Cached methods may nest: an inner hit or fill adds its tables to the
 * outer fill.
 *
 * <p>A method whose statements could not be seen (none ran on its thread) is cached for its time
 * to live only; one that ran a statement whose SQL is unknown is not stored at all.
 */
final class MethodCache implements CacheHooks {

    private static final long WAIT_LIMIT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final CacheSites sites;
    private final MemoryTier memory;
    private final SecondTier disk;
    private final TableVersions versions;
    private final TableTracking tracking;
    private final LongSupplier nanos;
    private final LongSupplier wallMillis;
    private final Codec codec;
    private final ConcurrentHashMap<CacheKey, Fill> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger runningFills = new AtomicInteger();
    /** Counts explicit invalidations (tag, region, all): a fill that began before one is not stored. */
    private final AtomicLong invalidations = new AtomicLong();

    MethodCache(CacheSites sites, MemoryTier memory, SecondTier disk, TableVersions versions, TableTracking tracking,
                LongSupplier nanos, LongSupplier wallMillis, Codec codec) {
        this.sites = sites;
        this.memory = memory;
        this.disk = disk;
        this.versions = versions;
        this.tracking = tracking;
        this.nanos = nanos;
        this.wallMillis = wallMillis;
        this.codec = codec;
    }

    @Override
    public Object lookup(int siteId, Object instance, Object[] arguments) {
        CacheSite site = sites.get(siteId);
        if (site == null || !site.usable()) {
            return null;
        }
        CacheKey key = site.key(arguments);
        if (key == null) {
            return null;
        }
        // A nested call must tell its enclosing fill what it used; with no fill running anywhere
        // there is none, and the hit skips the thread-local lookup.
        TableReads outer = tracking == null || runningFills.get() == 0 ? null : tracking.currentReads();
        CachedEntry entry = memory.get(key);
        if (entry == null && site.toDisk()) {
            entry = fromDisk(key);
        }
        if (entry != null) {
            Object hit = serve(site, entry, outer);
            if (hit != null) {
                return hit;
            }
        }
        site.misses.increment();
        Fill fill = new Fill(key, arguments, instance, versions, outer, System.nanoTime(), invalidations.get());
        Fill running = inFlight.putIfAbsent(key, fill);
        if (running == null) {
            // A fill of this key may have stored its value between the look above and now.
            CachedEntry stored = memory.get(key);
            if (stored != null && stored.freshness() == Freshness.FRESH) {
                inFlight.remove(key, fill);
                site.misses.decrement();
                return serve(site, stored, outer);
            }
            fill.registered();
        } else if (running.thread != Thread.currentThread()) {
            CachedEntry computed = running.await(WAIT_LIMIT_NANOS);
            if (computed != null) {
                Object hit = serve(site, computed, outer);
                if (hit != null) {
                    return hit;
                }
            }
            // Nothing usable came of it: compute it here, reading the counter anew.
            fill = new Fill(key, arguments, instance, versions, outer, System.nanoTime(), invalidations.get());
        }
        if (tracking != null) {
            tracking.collectReads(fill);
        }
        runningFills.incrementAndGet();
        return fill;
    }

    /** The fresh value of a key if one is in memory, counted as a hit; never computes nor waits. */
    Object peek(int siteId, Object[] arguments) {
        CacheSite site = sites.get(siteId);
        if (site == null || !site.usable()) {
            return null;
        }
        CacheKey key = site.key(arguments);
        CachedEntry entry = key == null ? null : memory.get(key);
        if (entry == null) {
            return null;
        }
        Object hit = serve(site, entry, null);
        return hit instanceof CacheHit ? ((CacheHit) hit).value : null;
    }

    private Object serve(CacheSite site, CachedEntry entry, TableReads outer) {
        Freshness freshness = entry.freshness();
        if (freshness == Freshness.FRESH) {
            site.hits.increment();
            if (entry.call != null) {
                entry.call.uses++;
            }
            if (outer instanceof Fill) {
                ((Fill) outer).readEntry(entry);
            }
            return site.rule.copy() ? copyOf(site, entry) : entry;
        }
        site.staleRejected.increment();
        if (freshness == Freshness.STALE) {
            memory.remove(entry);
        }
        return null;
    }

    private Object copyOf(CacheSite site, CachedEntry entry) {
        try {
            return new CacheHit(codec.decode(codec.encode(entry.value), site.returnType()));
        } catch (Exception failed) {
            site.switchOff("copy=true, but the value cannot be copied through JSON: " + failed);
            return null;
        }
    }

    private CachedEntry fromDisk(CacheKey key) {
        SecondTier.Stored stored = disk.read(key);
        if (stored == null) {
            return null;
        }
        long remainingMillis = stored.expiresAtMillis() - wallMillis.getAsLong();
        if (remainingMillis <= 0) {
            return null;
        }
        CacheSite site = key.site;
        CachedEntry entry = new CachedEntry(stored.value(), key, stored.version(), stored.reads(), stored.tags(),
            nanos.getAsLong() + TimeUnit.MILLISECONDS.toNanos(remainingMillis), ValueWeigher.weigh(stored.value()),
            remember(site, key, null, null, stored.tags()));
        entry.expiresAtMillis = stored.expiresAtMillis();
        if (entry.freshness() == Freshness.FRESH) {
            memory.put(entry);
        }
        return entry;
    }

    /**
     * An explicit invalidation is about to remove entries: fills running now may have read what
     * it is meant to drop, so none of them is stored. Call before removing.
     */
    void invalidating() {
        invalidations.incrementAndGet();
    }

    /** The count of explicit invalidations, read by a fill when it begins. */
    long invalidationCount() {
        return invalidations.get();
    }

    @Override
    public void complete(Object token, Object result, Throwable thrown) {
        Fill fill = (Fill) token;
        runningFills.decrementAndGet();
        if (tracking != null) {
            tracking.collectReads(fill.outer);
        }
        if (fill.outer instanceof Fill) {
            ((Fill) fill.outer).absorb(fill);
        }
        CachedEntry stored = null;
        try {
            if (thrown == null && (result != null || fill.key.site.rule.cacheNulls())) {
                stored = store(fill, result);
            }
        } finally {
            if (fill.isRegistered()) {
                inFlight.remove(fill.key, fill);
                fill.release(stored);
            }
        }
    }

    private CachedEntry store(Fill fill, Object result) {
        CacheSite site = fill.key.site;
        long now = nanos.getAsLong();
        long loadNanos = System.nanoTime() - fill.startNanos;
        site.fills.increment();
        site.loadNanos.add(loadNanos);
        if (fill.invalidationsAtStart != invalidations.get()) {
            return null;
        }
        if (fill.readUnknown()) {
            // A statement whose SQL the agent never saw: what it read cannot be known.
            return null;
        }
        TableMark[] reads = fill.marks();
        if (reads.length == 0) {
            site.untrackedFills.increment();
        }
        List<String> tags = site.tags(fill.arguments, result);
        if (tags == null) {
            return null;
        }
        CachedEntry entry = new CachedEntry(result, fill.key, fill.version, reads, tags,
            now + site.rule.ttl().toNanos(), ValueWeigher.weigh(result),
            remember(site, fill.key, fill.arguments, fill.instance, tags));
        entry.expiresAtMillis = wallMillis.getAsLong() + site.rule.ttl().toMillis();
        if (entry.freshness() != Freshness.FRESH) {
            site.staleRejected.increment();
            return null;
        }
        memory.put(entry);
        if (site.toDisk()) {
            disk.write(entry);
        }
        return entry;
    }

    /** Remembers a computed call for warming (when its arguments are known). */
    private RecentCall remember(CacheSite site, CacheKey key, Object[] arguments, Object instance, List<String> tags) {
        RecentCall call = site.recent.getIfPresent(key);
        if (call == null) {
            if (arguments == null) {
                return null;
            }
            call = new RecentCall(key, arguments, instance, tags, nanos.getAsLong());
            site.recent.put(key, call);
        } else {
            call.tags = tags;
            call.lastUsedNanos = nanos.getAsLong();
        }
        call.uses++;
        return call;
    }
}
