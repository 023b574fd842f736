package com.threatlens.example.bench.jmh;

import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.threatlens.example.bench.jmh.CachedLookupService.Item;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The cost of a hit in the agent's method cache, against the physical floor: a Caffeine
 * {@code getIfPresent} of the same key and value. Every fork runs with the agent and a rule that
 * caches {@link CachedLookupService#lookup}; {@link CacheHitMain} starts them and prints the
 * difference. Two more benchmarks give scale: a Caffeine cache configured as the agent's memory
 * tier (per-entry expiry), and the method's body with no cache at all.
 *
 * <p>Both benchmarks take their key from the same array of {@value #KEY_COUNT} boxed ids (none in
 * the {@code Long} cache), so the floor and the hit read the same objects. The cached call then
 * pays what any call of a cached {@code long} method pays: the advice boxes the argument again
 * into its argument array, the engine builds the key, looks it up, checks that the value is fresh
 * and counts the hit.
 *
 * <p>A hit benchmark that ran the method body would measure the wrong thing and look plausible.
 * So the set-up fails the fork unless the agent is attached and a second call of every key leaves
 * the body's run counter as it was, and the tear-down fails it if the counter grew while the
 * benchmark ran.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class CacheHitBenchmark {

    static final int KEY_COUNT = 16;

    private static final String BRIDGE_CLASS = "com.threatlens.agent.bootstrap.CacheBridge";
    private static final int AGENT_START_LIMIT_SECONDS = 30;
    private static final long PROBE_KEY = -1;

    private final CachedLookupService service = new CachedLookupService();
    private Long[] keys;
    private Cache<Long, Item> floor;
    private Cache<Long, Item> expiring;
    private long bodyRunsAfterWarming;
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws InterruptedException {
        try {
            Class.forName(BRIDGE_CLASS);
        } catch (ClassNotFoundException absent) {
            throw new IllegalStateException("the agent is not attached: this benchmark measures its cache");
        }
        awaitCaching();
        keys = new Long[KEY_COUNT];
        floor = Caffeine.newBuilder().maximumSize(10_000).build();
        expiring = expiringCache();
        for (int i = 0; i < KEY_COUNT; i++) {
            keys[i] = 1_000_003L + 7_919L * i;
            floor.put(keys[i], service.lookup(keys[i]));
            expiring.put(keys[i], floor.getIfPresent(keys[i]));
        }
        bodyRunsAfterWarming = service.lookupBodyRuns();
        for (Long key : keys) {
            Item hit = service.lookup(key);
            if (!hit.equals(floor.getIfPresent(key))) {
                throw new IllegalStateException("lookup(" + key + ") returned " + hit + ", the floor holds "
                    + floor.getIfPresent(key));
            }
        }
        checkNoBodyRuns("at set-up, a second call of each key");
        System.out.println("[cache-hit] the agent serves all " + KEY_COUNT + " keys from its cache");
    }

    /**
     * The agent starts in the background and weaves classes loaded before it was ready (this one
     * among them) only then: waits until a repeated call is answered from the cache.
     */
    private void awaitCaching() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(AGENT_START_LIMIT_SECONDS);
        while (true) {
            service.lookup(PROBE_KEY);
            long runs = service.lookupBodyRuns();
            service.lookup(PROBE_KEY);
            if (service.lookupBodyRuns() == runs) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException("CachedLookupService#lookup is still not cached "
                    + AGENT_START_LIMIT_SECONDS + " s after start: is the agent started with a cache.rules file naming it?");
            }
            Thread.sleep(50);
        }
    }

    private static Cache<Long, Item> expiringCache() {
        return Caffeine.newBuilder()
            .maximumWeight(64L << 20)
            .weigher((Long key, Item item) -> 64 + 2 * (item.title().length() + item.summary().length()))
            .expireAfter(new Expiry<Long, Item>() {
                @Override
                public long expireAfterCreate(Long key, Item item, long now) {
                    return TimeUnit.HOURS.toNanos(1);
                }

                @Override
                public long expireAfterUpdate(Long key, Item item, long now, long remaining) {
                    return TimeUnit.HOURS.toNanos(1);
                }

                @Override
                public long expireAfterRead(Long key, Item item, long now, long remaining) {
                    return remaining;
                }
            })
            .executor(Runnable::run)
            .build();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        checkNoBodyRuns("during the benchmark");
    }

    private void checkNoBodyRuns(String when) {
        long runs = service.lookupBodyRuns() - bodyRunsAfterWarming;
        if (runs != 0) {
            throw new IllegalStateException(when + ", the body of CachedLookupService#lookup ran " + runs
                + " time(s): the calls were not cache hits (is the agent started with a cache.rules file naming it?)");
        }
    }

    /** A call of the cached method whose key is in the cache: the body is skipped. */
    @Benchmark
    public Item cachedHit() {
        return service.lookup(keys[next++ & (KEY_COUNT - 1)]);
    }

    /** The same key and value in a plain Caffeine cache: what a hit cannot go below. */
    @Benchmark
    public Item caffeineFloor() {
        return floor.getIfPresent(keys[next++ & (KEY_COUNT - 1)]);
    }

    /**
     * The same key and value in a Caffeine cache bounded by weight with Caffeine's own per-entry
     * expiry (maintenance on the calling thread): what that expiry would add to a hit. The agent's
     * memory tier checks expiry itself against a coarse clock instead, because of this cost.
     */
    @Benchmark
    public Item caffeineExpiring() {
        return expiring.getIfPresent(keys[next++ & (KEY_COUNT - 1)]);
    }

    /** The method's body with no cache, for scale. */
    @Benchmark
    public Item directCall() {
        return service.build(keys[next++ & (KEY_COUNT - 1)]);
    }
}
