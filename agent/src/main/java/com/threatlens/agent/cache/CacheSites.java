package com.threatlens.agent.cache;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import net.bytebuddy.description.method.MethodDescription;

/**
 * Every method the rules matched, by the id woven into its advice. Sites are registered when a
 * class is transformed (rarely) and read on every cached call (an array index).
 */
final class CacheSites {

    static final int MAX_SITES = 10_000;

    private final Codec codec;
    private final int recentCalls;
    private final Map<String, CacheSite> bySignature = new HashMap<>();
    private volatile CacheSite[] sites = new CacheSite[0];

    CacheSites(Codec codec, int recentCalls) {
        this.codec = codec;
        this.recentCalls = recentCalls;
    }

    CacheSite get(int id) {
        CacheSite[] current = sites;
        return id >= 0 && id < current.length ? current[id] : null;
    }

    /**
     * The site of {@code method} under {@code rule} in {@code loader}, registered on first sight.
     * Null when {@link #MAX_SITES} are registered already.
     */
    synchronized CacheSite register(CacheRule rule, MethodDescription method, ClassLoader loader) {
        String key = rule.name() + " " + CacheSite.signatureOf(method) + " " + System.identityHashCode(loader);
        CacheSite site = bySignature.get(key);
        if (site != null) {
            return site;
        }
        if (sites.length >= MAX_SITES) {
            return null;
        }
        return add(key, new CacheSite(sites.length, rule, method, loader, codec, recentCalls));
    }

    /** The site of a kind of result the agent computes itself, named {@code signature}; null past {@link #MAX_SITES}. */
    synchronized CacheSite registerOwn(CacheRule rule, String signature) {
        String key = rule.name() + " " + signature;
        CacheSite site = bySignature.get(key);
        if (site != null) {
            return site;
        }
        if (sites.length >= MAX_SITES) {
            return null;
        }
        return add(key, new CacheSite(sites.length, rule, signature, recentCalls));
    }

    private CacheSite add(String key, CacheSite site) {
        CacheSite[] grown = Arrays.copyOf(sites, sites.length + 1);
        grown[site.id] = site;
        sites = grown;
        bySignature.put(key, site);
        return site;
    }

    List<CacheSite> all() {
        return new ArrayList<>(Arrays.asList(sites));
    }
}
