package com.threatlens.agent.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.threatlens.agent.config.AgentConfig;
import com.threatlens.agent.config.Settings;

/** The pooling section of the configuration, and the PRAGMAs it asks for. */
record PoolSettings(int maxSize, int minIdle, Duration connectionTimeout, Duration idleTimeout, Duration maxLifetime,
                    Duration leakDetection, Pattern exclude, boolean stateChecks, int statementCacheSize,
                    List<Pragma> pragmas) {

    static PoolSettings from(AgentConfig config) {
        int maxSize = config.get(Settings.POOL_MAX_SIZE);
        return new PoolSettings(maxSize, Math.min(maxSize, config.get(Settings.POOL_MIN_IDLE)),
            config.get(Settings.POOL_CONNECTION_TIMEOUT), config.get(Settings.POOL_IDLE_TIMEOUT),
            config.get(Settings.POOL_MAX_LIFETIME), config.get(Settings.POOL_LEAK_DETECTION),
            exclusion(config.get(Settings.POOL_EXCLUDE)), config.get(Settings.POOL_STATE_CHECKS),
            config.get(Settings.POOL_STATEMENT_CACHE), pragmas(config));
    }

    /** The compiled {@code pool.exclude}; without one, a pattern that matches nothing. */
    private static Pattern exclusion(String regex) {
        return Pattern.compile(regex.isEmpty() ? "(?!)" : regex);
    }

    /**
     * {@code pool.pragmas} when set, otherwise one PRAGMA per key. busy_timeout comes first:
     * switching to WAL needs a lock another connection may briefly hold.
     */
    private static List<Pragma> pragmas(AgentConfig config) {
        List<Pragma> replacement = config.get(Settings.POOL_PRAGMAS);
        if (!replacement.isEmpty()) {
            return replacement;
        }
        List<Pragma> pragmas = new ArrayList<>();
        pragmas.add(new Pragma("busy_timeout", Long.toString(config.get(Settings.POOL_BUSY_TIMEOUT).toMillis())));
        addUnlessKept(pragmas, "journal_mode", config.get(Settings.POOL_JOURNAL_MODE));
        addUnlessKept(pragmas, "synchronous", config.get(Settings.POOL_SYNCHRONOUS));
        long cacheBytes = config.get(Settings.POOL_CACHE_SIZE);
        if (cacheBytes > 0) {
            // A negative cache_size is in KiB rather than pages, so it means the same for any page size.
            pragmas.add(new Pragma("cache_size", Long.toString(-Math.max(1, cacheBytes / 1024))));
        }
        pragmas.add(new Pragma("mmap_size", Long.toString(config.get(Settings.POOL_MMAP_SIZE))));
        addUnlessKept(pragmas, "temp_store", config.get(Settings.POOL_TEMP_STORE));
        pragmas.add(new Pragma("foreign_keys", config.get(Settings.POOL_FOREIGN_KEYS) ? "ON" : "OFF"));
        return List.copyOf(pragmas);
    }

    private static void addUnlessKept(List<Pragma> pragmas, String name, String value) {
        if (!value.equals("keep")) {
            pragmas.add(new Pragma(name, value.toUpperCase(Locale.ROOT)));
        }
    }
}
