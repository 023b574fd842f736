package com.threatlens.agent.cache;

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

    private static final String RULE_PREFIX = "agent:";

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
        CacheRule rule = new CacheRule(RULE_PREFIX + name, RuleTarget.parse(AgentResults.class.getName() + "#get"),
            chosen, chosen.ttl(), null, List.of(), false, false, false);
        return new Kind(name, sites.registerOwn(rule, "threatlens-agent#" + name));
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

    /** A kind of result: its cache site (null when no more sites can be registered: not cached). */
    public static final class Kind {

        private final String name;
        private final CacheSite site;

        Kind(String name, CacheSite site) {
            this.name = name;
            this.site = site;
        }

        public String name() {
            return name;
        }
    }
}
