package com.threatlens.agent.cache;

import java.lang.ref.WeakReference;
import java.lang.reflect.Method;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.threatlens.agent.bootstrap.AgentLog;

import net.bytebuddy.description.method.MethodDescription;

/**
 * One method a rule caches: the advice woven into it carries this site's id. The method itself
 * (its reflective {@link Method}, its generic return type) is found on the first call, when its
 * class is surely initialized; a problem found then switches the site off or to memory only, with
 * one log line.
 */
final class CacheSite {

    final int id;
    final CacheRule rule;
    /** {@code com.acme.WikiService#getWiki(long)}: names the site in logs, stats and disk keys. */
    final String signature;
    private final String className;
    private final String descriptor;
    private final WeakReference<ClassLoader> loader;
    private final Codec codec;

    private volatile boolean resolved;
    private volatile SiteState state;
    private volatile String reason;
    private volatile Method method;
    private volatile Type returnType;

    final LongAdder hits = new LongAdder();
    final LongAdder misses = new LongAdder();
    final LongAdder fills = new LongAdder();
    final LongAdder untrackedFills = new LongAdder();
    final LongAdder staleRejected = new LongAdder();
    final LongAdder loadNanos = new LongAdder();
    final Cache<CacheKey, RecentCall> recent;
    /** Set by the memory tier on first use. */
    volatile RegionStats regionStats;

    /**
     * A site for results the agent computes itself ({@code signature} names them): no method to
     * find or call, so it is resolved at once, kept in memory only and never warmed.
     */
    CacheSite(int id, CacheRule rule, String signature, int recentCalls) {
        this.id = id;
        this.rule = rule;
        this.signature = signature;
        this.className = null;
        this.descriptor = null;
        this.loader = new WeakReference<>(null);
        this.codec = null;
        this.state = SiteState.MEMORY_ONLY;
        this.reason = "the agent's own results stay in memory";
        this.returnType = Object.class;
        this.resolved = true;
        this.recent = Caffeine.newBuilder().maximumSize(recentCalls).executor(Runnable::run).build();
    }

    CacheSite(int id, CacheRule rule, MethodDescription method, ClassLoader loader, Codec codec, int recentCalls) {
        this.id = id;
        this.rule = rule;
        this.signature = signatureOf(method);
        this.className = method.getDeclaringType().asErasure().getName();
        this.descriptor = method.getDescriptor();
        this.loader = new WeakReference<>(loader);
        this.codec = codec;
        this.state = rule.disk() ? SiteState.ACTIVE : SiteState.MEMORY_ONLY;
        this.reason = rule.disk() ? null : "the rule says disk=false";
        this.recent = Caffeine.newBuilder().maximumSize(recentCalls).executor(Runnable::run).build();
    }

    static String signatureOf(MethodDescription method) {
        StringBuilder text = new StringBuilder(method.getDeclaringType().asErasure().getName())
            .append('#').append(method.getName()).append('(');
        for (int i = 0; i < method.getParameters().size(); i++) {
            text.append(i == 0 ? "" : ",").append(method.getParameters().get(i).getType().asErasure().getActualName());
        }
        return text.append(')').toString();
    }

    /** Whether calls go through the cache; finds the method on the first call. */
    boolean usable() {
        if (!resolved) {
            resolve();
        }
        return state != SiteState.OFF;
    }

    boolean toDisk() {
        return state == SiteState.ACTIVE;
    }

    SiteState state() {
        return state;
    }

    String reason() {
        return reason;
    }

    /** The cached method; null for the agent's own results, which no call can compute again. */
    Method method() {
        return method;
    }

    Type returnType() {
        return returnType;
    }

    private synchronized void resolve() {
        if (resolved) {
            return;
        }
        try {
            Class<?> owner = Class.forName(className, false, loader.get());
            for (Method candidate : owner.getDeclaredMethods()) {
                if (new MethodDescription.ForLoadedMethod(candidate).getDescriptor().equals(descriptor)
                    && candidate.getName().equals(signature.substring(signature.indexOf('#') + 1, signature.indexOf('(')))) {
                    method = candidate;
                }
            }
            if (method == null) {
                switchOff("the method is no longer in its class");
            } else {
                returnType = method.getGenericReturnType();
                if (state == SiteState.ACTIVE) {
                    String problem = codec.problemWith(returnType);
                    if (problem != null) {
                        memoryOnly("its return type " + returnType.getTypeName() + " cannot be stored on disk: " + problem);
                    }
                }
            }
        } catch (ReflectiveOperationException | RuntimeException | LinkageError failed) {
            switchOff("its class cannot be read: " + failed);
        } finally {
            resolved = true;
        }
    }

    /** A problem seen on a real call: this site is not cached from now on. */
    void switchOff(String why) {
        if (state != SiteState.OFF) {
            state = SiteState.OFF;
            reason = why;
            AgentLog.warn("cache rule '" + rule.name() + "' is off for " + signature + ": " + why);
        }
    }

    private void memoryOnly(String why) {
        state = SiteState.MEMORY_ONLY;
        reason = why;
        AgentLog.warn("cache rule '" + rule.name() + "' caches " + signature + " in memory only: " + why);
    }

    /** The key of a call: the rule's key expressions, or all the arguments. Null (and off) when one fails. */
    CacheKey key(Object[] arguments) {
        if (rule.key() == null) {
            return new CacheKey(this, arguments);
        }
        try {
            Object[] parts = new Object[rule.key().size()];
            for (int i = 0; i < parts.length; i++) {
                ValueTemplate part = rule.key().get(i);
                parts[i] = part.isSingleValue() ? part.value(arguments, null) : part.render(arguments, null);
            }
            return new CacheKey(this, parts);
        } catch (RuntimeException failed) {
            switchOff("key " + rule.key() + " failed: " + failed.getMessage());
            return null;
        }
    }

    /** The tags of a computed value; null (and off) when an expression fails. */
    List<String> tags(Object[] arguments, Object result) {
        if (rule.tags().isEmpty()) {
            return List.of();
        }
        try {
            List<String> tags = new ArrayList<>(rule.tags().size());
            for (ValueTemplate tag : rule.tags()) {
                tags.add(tag.render(arguments, result));
            }
            return List.copyOf(tags);
        } catch (RuntimeException failed) {
            switchOff("tags " + rule.tags() + " failed: " + failed.getMessage());
            return null;
        }
    }
}
