package com.threatlens.agent.cache;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import com.threatlens.agent.bootstrap.CacheHit;

/**
 * The cache for results the agent computes itself (its search and analytics endpoints), kept in
 * the same regions as the application's cached methods and under the same rules of freshness: a
 * result depends on the tables its computation names, and a committed write to one of them (by
 * the application, or by another process as {@code data_version} shows) makes it stale.
 *
 * <p>Each kind of result is a cache site of its own, so the region's figures count it and
 * concurrent misses of one key compute once. Values stay in memory only.
 */
public final class AgentResults {

    /** Starts the names of the agent's own sites, which warming passes over (it has no call to replay). */
    static final String RULE_PREFIX = "agent:";

    private final MethodCache engine;
    private final CacheSites sites;
    private final Map<String, Region> regions;
    private final boolean tracked;

    AgentResults(MethodCache engine, CacheSites sites, Map<String, Region> regions, boolean tracked) {
        this.engine = engine;
        this.sites = sites;
        this.regions = regions;
        this.tracked = tracked;
    }

    /** One kind of result, such as {@code search}, cached in {@code region} for the region's time to live. */
    public Kind kind(String name, String region) {
        Region chosen = regions.get(region);
        if (chosen == null) {
            throw new IllegalArgumentException("no cache region " + region);
        }
        return kind(name, chosen, chosen.ttl());
    }

    private Kind kind(String name, Region region, Duration ttl) {
        CacheRule rule = new CacheRule(RULE_PREFIX + name, RuleTarget.parse(Kind.class.getName() + "#compute"), region, ttl,
            null, List.of(), false, false, false);
        CacheSite site = sites.register(rule, new net.bytebuddy.description.method.MethodDescription.ForLoadedMethod(
            Kind.COMPUTE), Kind.class.getClassLoader());
        return new Kind(name, site);
    }

    /**
     * The value of {@code key}: from the cache when a fresh one is there, else computed by
     * {@code compute} (once for concurrent callers of one key) and kept if no write to
     * {@code tables} of {@code database} committed meanwhile. Without table tracking nothing is
     * kept, since nothing would tell when a value went stale.
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Kind kind, Object key, String database, List<String> tables, Callable<T> compute) throws Exception {
        if (!tracked || kind.site == null) {
            return compute.call();
        }
        Object looked = engine.lookup(kind.site.id, null, new Object[] {key});
        if (looked instanceof CacheHit) {
            return (T) ((CacheHit) looked).value;
        }
        if (!(looked instanceof Fill)) {
            return compute.call();
        }
        Fill fill = (Fill) looked;
        fill.readTables(database, tables);
        T result = null;
        Throwable thrown = null;
        try {
            result = compute.call();
            return result;
        } catch (Exception | Error failed) {
            thrown = failed;
            throw failed;
        } finally {
            engine.complete(fill, result, thrown);
        }
    }

    /** The fresh cached value of {@code key}, or null; never computes. */
    @SuppressWarnings("unchecked")
    public <T> T peek(Kind kind, Object key) {
        if (!tracked || kind.site == null) {
            return null;
        }
        return (T) engine.peek(kind.site.id, new Object[] {key});
    }

    /** A kind of result: its cache site. */
    public static final class Kind {

        static final Method COMPUTE;

        static {
            try {
                COMPUTE = Kind.class.getDeclaredMethod("compute", Object.class);
            } catch (NoSuchMethodException impossible) {
                throw new ExceptionInInitializerError(impossible);
            }
        }

        private final String name;
        private final CacheSite site;

        Kind(String name, CacheSite site) {
            this.name = name;
            this.site = site;
        }

        public String name() {
            return name;
        }

        /** Stands for the computation in the site's signature; never called. */
        @SuppressWarnings("unused")
        private static Object compute(Object key) {
            throw new UnsupportedOperationException();
        }
    }
}
