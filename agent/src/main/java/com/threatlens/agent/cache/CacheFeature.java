package com.threatlens.agent.cache;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Ticker;
import com.threatlens.agent.bootstrap.AgentLog;
import com.threatlens.agent.bootstrap.CacheBridge;
import com.threatlens.agent.cache.instrument.CachedMethodInstrumentation;
import com.threatlens.agent.config.AgentConfig;
import com.threatlens.agent.config.Settings;
import com.threatlens.agent.instrument.InstrumentationModule;
import com.threatlens.agent.jdbc.TableTracking;
import com.threatlens.agent.pool.DatabaseAccess;
import com.threatlens.sidecar.ComponentHealth;
import com.threatlens.sidecar.HealthCheck;
import com.threatlens.sidecar.MetricsSection;
import com.threatlens.sidecar.cache.CacheControl;
import com.threatlens.sidecar.cache.CacheStats;
import com.threatlens.sidecar.cache.CacheTier;
import com.threatlens.sidecar.cache.RemovedEntries;
import com.threatlens.sidecar.cache.WarmResult;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The result cache as a feature: reads the rules, builds the tiers, connects the advice and the
 * JDBC interception to the engine, and answers the sidecar's cache endpoints.
 *
 * <p>Without query statistics (the JDBC feature off) no table is tracked: every rule caches for
 * its time to live only, and the stats say so.
 */
public final class CacheFeature implements CacheControl, MetricsSection, HealthCheck {

    private static final String NOT_LOADED_YET = "no loaded class has a method it names (yet)";

    private final Map<String, Region> regions;
    private final List<CacheRule> rules;
    private final CacheSites sites;
    private final RuleSites ruleSites;
    private final TableVersions versions = new TableVersions();
    private final MemoryTier memory;
    private final SecondTier disk;
    private final MethodCache engine;
    private final TableTracking tracking;
    private final CacheWarmer warmer;
    private final Invalidations invalidations = new Invalidations();
    private final ExternalWrites externalWrites;
    private final CoarseClock clock;
    private final AgentResults agentResults;
    private final boolean rowLevel;

    /**
     * Reads the configuration; {@code tracking} is null when tables are not to be tracked,
     * {@code access} when the application's databases cannot be read (pooling off).
     */
    public CacheFeature(AgentConfig config, TableTracking tracking, DatabaseAccess access, LongSupplier wallMillis) {
        this(config, tracking, access, null, wallMillis);
    }

    /** {@code clockOrNull} null: the coarse clock of production (none at all without rules). */
    CacheFeature(AgentConfig config, TableTracking tracking, DatabaseAccess access, Ticker clockOrNull,
                 LongSupplier wallMillis) {
        this.rowLevel = config.get(Settings.CACHE_ROW_INVALIDATION);
        versions.rowLevel(rowLevel);
        String rulesPath = config.get(Settings.CACHE_RULES);
        RuleFile file = rulesPath.isBlank()
            ? RuleFile.parse(List.of(), "none")
            : RuleFile.read(Path.of(rulesPath));
        file.problems().forEach(AgentLog::warn);
        this.regions = file.regions();
        this.rules = file.rules();
        Codec codec = new JsonCodec();
        Ticker ticker = clockOrNull != null ? clockOrNull : rules.isEmpty() ? Ticker.systemTicker() : new CoarseClock();
        this.sites = new CacheSites(codec, config.get(Settings.CACHE_WARM_RECENT_CALLS));
        this.ruleSites = new RuleSites(rules, sites);
        this.memory = new MemoryTier(config.get(Settings.CACHE_MEMORY_MAX_WEIGHT), ticker, regions);
        if (ticker instanceof CoarseClock) {
            this.clock = (CoarseClock) ticker;
            clock.every(30, memory::sweep);
        } else {
            this.clock = null;
        }
        this.disk = config.get(Settings.CACHE_DISK_ENABLED) && !rules.isEmpty()
            ? new OpeningTier(() -> DiskCache.open(config, versions, codec, access, wallMillis))
            : SecondTier.NONE;
        // Without rules and without the agent's own cached results nothing is cached, so the
        // application's writes need not be followed. Search and analytics read through the
        // pool: without it they do not run, and cache nothing.
        boolean agentResultsWanted = access != null
            && (config.isFeatureOn(Settings.FEATURE_SEARCH) && config.get(Settings.SEARCH_ENABLED)
                || config.isFeatureOn(Settings.FEATURE_ANALYTICS) && config.get(Settings.ANALYTICS_ENABLED));
        this.tracking = rules.isEmpty() && !agentResultsWanted ? null : tracking;
        this.engine = new MethodCache(sites, memory, disk, versions, this.tracking, ticker::read, wallMillis, codec);
        this.agentResults = new AgentResults(engine, sites, regions, this.tracking != null);
        this.warmer = new CacheWarmer(sites);
        Duration interval = config.get(Settings.CACHE_EXTERNAL_WRITES_INTERVAL);
        this.externalWrites = this.tracking == null ? null
            : new ExternalWrites(versions, access, interval, this::changedElsewhere);
        RuleCheck.check(rules, ClassLoader.getSystemClassLoader(), ruleSites);
        if (rules.isEmpty() && !rulesPath.isBlank()) {
            AgentLog.warn("cache.rules=" + rulesPath + " holds no usable rule; nothing is cached");
        }
    }

    /** Whether the configuration asks for the cache (and no mistake switched it off). */
    public static boolean isOn(AgentConfig config) {
        return config.isFeatureOn(Settings.FEATURE_CACHE) && config.get(Settings.CACHE_ENABLED);
    }

    /** The weaving of the cached methods. */
    public InstrumentationModule instrumentation() {
        return new CachedMethodInstrumentation(ruleSites);
    }

    /** The cache of the agent's own computed results (search pages, analytics). */
    public AgentResults agentResults() {
        return agentResults;
    }

    /** Runs warming as tasks of {@code processor}. */
    public void useTasks(com.threatlens.agent.tasks.TaskProcessor processor) {
        warmer.useProcessor(processor);
    }

    /** Starts receiving the advice's calls and the application's writes. */
    public void connect() {
        if (tracking != null) {
            tracking.listenForWrites(new WriteTracker(versions, this::committed));
            if (rowLevel) {
                tracking.captureRowKeys();
            }
        }
        CacheBridge.install(engine);
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, "threatlens-cache-shutdown"));
    }

    private void committed(WriteMark mark) {
        List<String> tables = mark.tableNames();
        if (tables == null) {
            invalidations.unknownTables.increment();
        } else {
            invalidations.byTable.increment();
        }
        if (mark.schemaChange && externalWrites != null) {
            externalWrites.schemaChanged(mark.database);
        }
        disk.removeTables(mark.database, tables);
    }

    private void changedElsewhere(String database) {
        invalidations.externalWrites.increment();
        versions.changedElsewhere(database);
        disk.removeDatabase(database);
    }

    /** Publishes the cache's figures as Micrometer meters, per region. */
    public void bindMeters(MeterRegistry registry) {
        for (RegionStats stats : memory.regions().values()) {
            String region = stats.region.name();
            FunctionCounter.builder("threatlens.cache.hits", this, f -> f.calls(region).hits()).tag("region", region)
                .description("Cached calls answered from the cache").register(registry);
            FunctionCounter.builder("threatlens.cache.misses", this, f -> f.calls(region).misses()).tag("region", region)
                .description("Cached calls that ran their method").register(registry);
            FunctionCounter.builder("threatlens.cache.loads", this, f -> f.calls(region).loads()).tag("region", region)
                .description("Values computed on a miss").register(registry);
            FunctionCounter.builder("threatlens.cache.load.time", this, f -> f.calls(region).loadNanos() / 1e9)
                .tag("region", region).baseUnit("seconds").description("Time spent computing values on misses")
                .register(registry);
            FunctionCounter.builder("threatlens.cache.stale.rejected", this, f -> f.calls(region).staleRejected())
                .tag("region", region).description("Values refused because a table they read was written")
                .register(registry);
            for (String cause : List.of("size", "expired", "explicit", "replaced", "collected")) {
                FunctionCounter.builder("threatlens.cache.evictions", stats, s -> evictions(s, cause))
                    .tag("region", region).tag("cause", cause).register(registry);
            }
            Gauge.builder("threatlens.cache.weight", stats, s -> s.weight.get()).tag("region", region)
                .baseUnit("bytes").description("Estimated bytes of the region's values in memory").register(registry);
            Gauge.builder("threatlens.cache.entries", stats, s -> s.entries.get()).tag("region", region)
                .register(registry);
        }
    }

    private CallCounts calls(String region) {
        return CallCounts.of(sites.all(), site -> site.rule.region().name().equals(region));
    }

    private static double evictions(RegionStats stats, String cause) {
        switch (cause) {
            case "size":
                return stats.evictedSize.sum();
            case "expired":
                return stats.evictedExpired.sum();
            case "replaced":
                return stats.evictedReplaced.sum();
            case "collected":
                return stats.evictedCollected.sum();
            default:
                return stats.evictedExplicit.sum();
        }
    }

    @Override
    public CacheStats stats() {
        memory.cleanUp();
        long[] evicted = new long[5];
        List<CacheStats.Region> regionRows = new ArrayList<>();
        for (RegionStats stats : memory.regions().values()) {
            evicted[0] += stats.evictedSize.sum();
            evicted[1] += stats.evictedExpired.sum();
            evicted[2] += stats.evictedExplicit.sum();
            evicted[3] += stats.evictedReplaced.sum();
            evicted[4] += stats.evictedCollected.sum();
            long regionEvictions = stats.evictedSize.sum() + stats.evictedExpired.sum() + stats.evictedExplicit.sum()
                + stats.evictedCollected.sum();
            CallCounts calls = calls(stats.region.name());
            regionRows.add(new CacheStats.Region(stats.region.name(), stats.region.ttl().toSeconds(),
                stats.entries.get(), stats.weight.get(), calls.hits(), calls.misses(), calls.hitRatio(),
                regionEvictions, calls.averageLoadMillis(), calls.staleRejected()));
        }
        CallCounts all = CallCounts.of(sites.all(), site -> true);
        CacheStats.Memory memoryRow = new CacheStats.Memory(memory.size(), memory.weight(), memory.maxWeight(),
            all.hits(), all.misses(), all.hitRatio(), all.loads(), all.averageLoadMillis(),
            new CacheStats.MemoryEvictions(evicted[0], evicted[1], evicted[2], evicted[3], evicted[4]));
        return new CacheStats(memoryRow, disk.stats(), regionRows, ruleRows(), invalidations.snapshot());
    }

    private List<CacheStats.Rule> ruleRows() {
        List<CacheStats.Rule> rows = new ArrayList<>();
        Map<String, String> refused = ruleSites.refused();
        for (CacheRule rule : rules) {
            List<CacheSite> matched = sites.all().stream().filter(site -> site.rule == rule).toList();
            CallCounts calls = CallCounts.of(matched, site -> true);
            long fills = calls.loads();
            long untracked = matched.stream().mapToLong(site -> site.untrackedFills.sum()).sum();
            Set<String> tables = new TreeSet<>(tablesRead(rule));
            CacheStats.RuleState state;
            String reason;
            String method = matched.isEmpty() ? rule.target().toString()
                : String.join(", ", matched.stream().map(site -> site.signature).toList());
            if (matched.isEmpty()) {
                state = CacheStats.RuleState.OFF;
                reason = refused.getOrDefault(rule.name(), NOT_LOADED_YET);
            } else if (matched.stream().allMatch(site -> site.state() == SiteState.OFF)) {
                state = CacheStats.RuleState.OFF;
                reason = matched.get(0).reason();
            } else if (tracking == null) {
                state = CacheStats.RuleState.TTL_ONLY;
                reason = "tables are not tracked (cache.track-tables=false or jdbc.enabled=false); values live for their time to live";
            } else if (fills > 0 && untracked == fills) {
                state = CacheStats.RuleState.TTL_ONLY;
                reason = "its method ran no statement on its own thread; values live for their time to live";
            } else if (matched.stream().anyMatch(site -> site.state() == SiteState.MEMORY_ONLY) || disk == SecondTier.NONE) {
                state = CacheStats.RuleState.MEMORY_ONLY;
                reason = disk == SecondTier.NONE ? "the disk tier is off"
                    : matched.stream().filter(site -> site.state() == SiteState.MEMORY_ONLY).findFirst().get().reason();
            } else {
                state = CacheStats.RuleState.ACTIVE;
                reason = refused.get(rule.name());
            }
            rows.add(new CacheStats.Rule(rule.name(), method, rule.region().name(), state, reason,
                calls.hits() + calls.misses(), calls.hits(), calls.misses(), new ArrayList<>(tables)));
        }
        return rows;
    }

    /** The tables the rule's cached values read, from the values in memory now. */
    private Set<String> tablesRead(CacheRule rule) {
        Set<String> tables = new LinkedHashSet<>();
        memory.forEach(entry -> {
            if (entry.key.site.rule == rule) {
                for (TableMark mark : entry.reads) {
                    if (!mark.table.startsWith("*")) {
                        tables.add(mark.table);
                    }
                }
            }
        });
        return tables;
    }

    @Override
    public Set<String> regions() {
        return regions.keySet();
    }

    @Override
    public RemovedEntries clear(CacheTier tier, String region) {
        engine.invalidating();
        long fromMemory = 0;
        long fromDisk = 0;
        if (tier != CacheTier.DISK) {
            fromMemory = memory.removeIf(entry -> region == null || entry.key.site.rule.region().name().equals(region));
        }
        if (tier != CacheTier.MEMORY) {
            fromDisk = region == null ? disk.removeAll() : disk.removeRegion(region);
        }
        if (region == null) {
            invalidations.all.increment();
        } else {
            invalidations.byRegion.increment();
        }
        return new RemovedEntries(fromMemory, fromDisk);
    }

    @Override
    public RemovedEntries invalidateTag(String tag, String region) {
        engine.invalidating();
        invalidations.byTag.increment();
        long fromMemory = memory.removeIf(entry -> entry.hasTag(tag)
            && (region == null || entry.key.site.rule.region().name().equals(region)));
        return new RemovedEntries(fromMemory, disk.removeTag(tag, region));
    }

    @Override
    public RemovedEntries invalidateRegion(String region) {
        engine.invalidating();
        invalidations.byRegion.increment();
        long fromMemory = memory.removeIf(entry -> entry.key.site.rule.region().name().equals(region));
        return new RemovedEntries(fromMemory, disk.removeRegion(region));
    }

    @Override
    public WarmResult warm(String region, String tag) {
        return warmer.warm(region, tag);
    }

    @Override
    public String name() {
        return "cache";
    }

    @Override
    public Map<String, Object> snapshot() {
        CacheStats stats = stats();
        Map<String, Object> section = new LinkedHashMap<>();
        section.put("rules", rules.size());
        section.put("cached_methods", sites.all().size());
        section.put("memory_entries", stats.memory().entries());
        section.put("memory_weight_bytes", stats.memory().weightBytes());
        section.put("hits", stats.memory().hits());
        section.put("misses", stats.memory().misses());
        section.put("hit_ratio", stats.memory().hitRatio());
        section.put("disk", stats.disk().state());
        section.put("warm_calls", warmer.calls.sum());
        return section;
    }

    @Override
    public String component() {
        return "cache";
    }

    /** Degraded while the disk tier cannot be used, or while a rule is off; the memory tier always works. */
    @Override
    public ComponentHealth check() {
        CacheStats stats = stats();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("hit_ratio", stats.memory().hitRatio());
        details.put("memory_entries", stats.memory().entries());
        details.put("disk", stats.disk().state());
        List<String> problems = new ArrayList<>();
        if (stats.disk().state() == CacheStats.DiskState.UNAVAILABLE) {
            problems.add("the disk tier is unavailable: " + stats.disk().reason());
        }
        for (CacheStats.Rule rule : stats.rules()) {
            if (rule.state() == CacheStats.RuleState.OFF && !NOT_LOADED_YET.equals(rule.reason())) {
                problems.add("cache rule '" + rule.name() + "' is off: " + rule.reason());
            }
        }
        return problems.isEmpty() ? ComponentHealth.healthy(details)
            : ComponentHealth.degraded(String.join("; ", problems), details);
    }

    void close() {
        CacheBridge.install(null);
        if (clock != null) {
            clock.close();
        }
        warmer.close();
        if (externalWrites != null) {
            externalWrites.close();
        }
        disk.close();
    }
}
