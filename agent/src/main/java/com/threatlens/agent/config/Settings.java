package com.threatlens.agent.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.threatlens.agent.bootstrap.AgentLog;
import com.threatlens.agent.pool.Pragma;

/** Every key the agent understands, with its default. Features add their keys here. */
public final class Settings {

    public static final String PROPERTY_PREFIX = "threatlens.perf.";
    public static final String ENV_PREFIX = "THREATLENS_PERF_";

    public static final String FEATURE_AGENT = "agent";
    public static final String FEATURE_HTTP = "http";
    public static final String FEATURE_JDBC = "jdbc";
    public static final String FEATURE_POOL = "pool";
    public static final String FEATURE_API = "api";
    public static final String FEATURE_CACHE = "cache";
    public static final String FEATURE_TASKS = "tasks";
    public static final String FEATURE_SEARCH = "search";
    public static final String FEATURE_ANALYTICS = "analytics";
    public static final String FEATURE_ADVISOR = "advisor";

    public static final Setting<Boolean> ENABLED = new Setting<>("enabled", FEATURE_AGENT, "true", ValueType.BOOLEAN,
        "Master switch. false: the agent transforms no class and starts nothing.");
    public static final Setting<String> CONFIG_FILE = new Setting<>("config", null, "", ValueType.TEXT,
        "Path of a properties file with more settings (keys as in this table).");
    public static final Setting<AgentLog.Level> LOG_LEVEL = new Setting<>("log.level", null, "info",
        ValueType.oneOf(AgentLog.Level.class), "The agent's own log lines on standard error: debug, info, warn, error or off.");
    public static final Setting<Boolean> START_AFTER_MAIN = new Setting<>("start.after-main", null, "true",
        ValueType.BOOLEAN, "Set the agent up once the application's main thread has started it (ended, or waits), so that the agent's class loading and compilation do not slow the application's start; JDBC, HTTP and cached calls before that are not observed. false: at once, alongside the application's start.");
    public static final Setting<Duration> START_MAX_WAIT = new Setting<>("start.max-wait", null, "10s",
        ValueType.DURATION, "The longest start.after-main waits, for applications whose main thread never rests.");

    public static final Setting<Boolean> HTTP_ENABLED = new Setting<>("http.enabled", FEATURE_HTTP, "true", ValueType.BOOLEAN,
        "Start the sidecar HTTP server.");
    public static final Setting<String> HTTP_HOST = new Setting<>("http.host", FEATURE_HTTP, "127.0.0.1", ValueType.TEXT,
        "Address the sidecar binds. Anything but loopback requires http.token.");
    public static final Setting<Integer> HTTP_PORT = new Setting<>("http.port", FEATURE_HTTP, "9180", ValueType.PORT,
        "Port of the sidecar; 0 picks a free port (the chosen address is logged).");
    public static final Setting<String> HTTP_PORT_FILE = new Setting<>("http.port-file", FEATURE_HTTP, "", ValueType.TEXT,
        "When set, the sidecar writes its bound port into this file once it listens (for scripts using http.port=0).");
    public static final Setting<String> HTTP_TOKEN = new Setting<>("http.token", FEATURE_HTTP, "", ValueType.TEXT,
        "Bearer token required by mutating endpoints (Authorization: Bearer <token>). Empty: none.");

    public static final Setting<Boolean> JDBC_ENABLED = new Setting<>("jdbc.enabled", FEATURE_JDBC, "true", ValueType.BOOLEAN,
        "Time every JDBC statement and keep statement statistics.");

    public static final Setting<Boolean> SQL_CAPTURE_LITERALS = new Setting<>("sql.capture-literals", FEATURE_JDBC, "false",
        ValueType.BOOLEAN, "Keep the SQL text as sent (with its literal values) in slow-query samples and log lines. Off: only normalized SQL, literals replaced by ?.");
    public static final Setting<Integer> STATS_MAX_STATEMENTS = new Setting<>("stats.max-statements", FEATURE_JDBC, "5000",
        ValueType.integer(10, 1_000_000), "Most distinct statements kept; past it the least-executed 5% are evicted and counted.");
    public static final Setting<Duration> SLOW_QUERY_THRESHOLD = new Setting<>("slow-query.threshold", FEATURE_JDBC, "100ms",
        ValueType.DURATION, "An execution whose execute + fetch time reaches this is slow: logged and kept as a sample.");
    public static final Setting<Integer> SLOW_QUERY_SAMPLES = new Setting<>("slow-query.samples", FEATURE_JDBC, "100",
        ValueType.integer(0, 10_000), "Recent slow executions kept for query-analysis.");
    public static final Setting<Integer> SLOW_QUERY_LOG_LIMIT = new Setting<>("slow-query.log-limit", FEATURE_JDBC, "60",
        ValueType.integer(0, 100_000), "Most slow-query log lines per minute; the rest are counted, not logged.");

    public static final Setting<Boolean> POOL_ENABLED = new Setting<>("pool.enabled", FEATURE_POOL, "true", ValueType.BOOLEAN,
        "Serve jdbc:sqlite: connections from a pool of tuned connections (HikariCP), one pool per database file and connection properties.");
    public static final Setting<Integer> POOL_MAX_SIZE = new Setting<>("pool.max-size", FEATURE_POOL, "10",
        ValueType.integer(1, 1000), "Most connections per pool.");
    public static final Setting<Integer> POOL_MIN_IDLE = new Setting<>("pool.min-idle", FEATURE_POOL, "2",
        ValueType.integer(0, 1000), "Idle connections each pool keeps open (at most pool.max-size).");
    public static final Setting<Duration> POOL_CONNECTION_TIMEOUT = new Setting<>("pool.connection-timeout", FEATURE_POOL,
        "30s", ValueType.duration(Duration.ofMillis(250), false),
        "How long a borrower waits for a connection before SQLTransientConnectionException.");
    public static final Setting<Duration> POOL_IDLE_TIMEOUT = new Setting<>("pool.idle-timeout", FEATURE_POOL, "10m",
        ValueType.duration(Duration.ofSeconds(10), true), "An idle connection above pool.min-idle is closed after this; 0s: never.");
    public static final Setting<Duration> POOL_MAX_LIFETIME = new Setting<>("pool.max-lifetime", FEATURE_POOL, "30m",
        ValueType.duration(Duration.ofSeconds(30), true), "A connection is replaced after this, once it is idle; 0s: never.");
    public static final Setting<Duration> POOL_LEAK_DETECTION = new Setting<>("pool.leak-detection", FEATURE_POOL, "0s",
        ValueType.duration(Duration.ofSeconds(2), true), "Log a connection held longer than this, with where it was borrowed; 0s: off.");
    public static final Setting<String> POOL_EXCLUDE = new Setting<>("pool.exclude", FEATURE_POOL, "", ValueType.REGEX,
        "JDBC URLs matching this regular expression are not pooled.");
    public static final Setting<Boolean> POOL_STATE_CHECKS = new Setting<>("pool.state-checks", FEATURE_POOL, "true",
        ValueType.BOOLEAN, "On every return, look for state a pool cannot reset (temporary objects, ATTACH, changed PRAGMAs, an open transaction) and retire or roll back.");
    public static final Setting<Integer> POOL_STATEMENT_CACHE = new Setting<>("pool.statement-cache", FEATURE_POOL, "64",
        ValueType.integer(0, 10_000), "Prepared statements kept per pooled connection, by SQL text, so that one prepared on every request is compiled once per connection; 0: off.");
    public static final Setting<String> POOL_JOURNAL_MODE = new Setting<>("pool.journal-mode", FEATURE_POOL, "wal",
        ValueType.choice("wal", "delete", "truncate", "persist", "memory", "off", "keep"),
        "PRAGMA journal_mode of pooled databases (not applied to read-only opens); keep: leave it.");
    public static final Setting<String> POOL_SYNCHRONOUS = new Setting<>("pool.synchronous", FEATURE_POOL, "normal",
        ValueType.choice("off", "normal", "full", "extra", "keep"), "PRAGMA synchronous; keep: leave it.");
    public static final Setting<Long> POOL_CACHE_SIZE = new Setting<>("pool.cache-size", FEATURE_POOL, "64MB",
        ValueType.SIZE, "Page cache per connection (PRAGMA cache_size); 0B: leave it.");
    public static final Setting<Long> POOL_MMAP_SIZE = new Setting<>("pool.mmap-size", FEATURE_POOL, "256MB",
        ValueType.SIZE, "Memory-mapped I/O per connection (PRAGMA mmap_size); 0B: off.");
    public static final Setting<String> POOL_TEMP_STORE = new Setting<>("pool.temp-store", FEATURE_POOL, "memory",
        ValueType.choice("default", "file", "memory", "keep"), "PRAGMA temp_store; keep: leave it.");
    public static final Setting<Duration> POOL_BUSY_TIMEOUT = new Setting<>("pool.busy-timeout", FEATURE_POOL, "10s",
        ValueType.DURATION, "PRAGMA busy_timeout: how long a statement waits for another connection's lock instead of failing with SQLITE_BUSY.");
    public static final Setting<Boolean> POOL_FOREIGN_KEYS = new Setting<>("pool.foreign-keys", FEATURE_POOL, "true",
        ValueType.BOOLEAN, "PRAGMA foreign_keys.");
    public static final Setting<List<Pragma>> POOL_PRAGMAS = new Setting<>("pool.pragmas", FEATURE_POOL, "", Pragma.LIST,
        "When set, replaces the PRAGMA keys above: name=value pairs separated by ;, applied in order.");
    public static final Setting<Boolean> API_ENABLED = new Setting<>("api.enabled", FEATURE_API, "true", ValueType.BOOLEAN,
        "Time every request of the host's own HTTP server (servlets, JDK HttpServer) per route.");
    public static final Setting<Integer> API_MAX_ROUTES = new Setting<>("api.max-routes", FEATURE_API, "500",
        ValueType.integer(1, 100_000), "Most distinct routes (method and route template) kept; requests of further routes count under one overflow route.");
    public static final Setting<Integer> API_HEALTH_SERVER_ERROR_PERCENT = new Setting<>("api.health.server-error-percent",
        FEATURE_API, "5", ValueType.integer(1, 100),
        "The api health component is degraded when at least this percentage of the last 5 minutes' requests answered 5xx or threw.");
    public static final Setting<Duration> API_HEALTH_P95 = new Setting<>("api.health.p95", FEATURE_API, "2s", ValueType.DURATION,
        "The api health component is degraded when the p95 response time of the last 1 to 2 minutes reaches this.");

    public static final Setting<Boolean> CACHE_ENABLED = new Setting<>("cache.enabled", FEATURE_CACHE, "true", ValueType.BOOLEAN,
        "Cache the results of the methods that cache.rules names (nothing is cached without rules).");
    public static final Setting<String> CACHE_RULES = new Setting<>("cache.rules", FEATURE_CACHE, "", ValueType.TEXT,
        "Path of the cache rules file: which methods to cache, in which region, with which key and tags (see Caching).");
    public static final Setting<Boolean> CACHE_TRACK_TABLES = new Setting<>("cache.track-tables", FEATURE_CACHE, "true",
        ValueType.BOOLEAN, "Invalidate a cached value as soon as this JVM writes a table it read (needs jdbc.enabled); false: time to live only.");
    public static final Setting<Boolean> CACHE_ROW_INVALIDATION = new Setting<>("cache.row-invalidation", FEATURE_CACHE,
        "true", ValueType.BOOLEAN, "A read or write of one row by its primary key (a prepared statement) invalidates only that row's values; false: by table.");
    public static final Setting<Long> CACHE_MEMORY_MAX_WEIGHT = new Setting<>("cache.memory.max-weight", FEATURE_CACHE,
        "100MB", ValueType.SIZE, "Bound of the memory tier, in estimated bytes of the cached values.");
    public static final Setting<Boolean> CACHE_DISK_ENABLED = new Setting<>("cache.disk.enabled", FEATURE_CACHE, "true",
        ValueType.BOOLEAN, "Keep cached values on disk too, across restarts.");
    public static final Setting<String> CACHE_DISK_DIRECTORY = new Setting<>("cache.disk.directory", FEATURE_CACHE, "",
        ValueType.TEXT, "Directory of the disk tier's SQLite file; empty: threatlens-cache under java.io.tmpdir.");
    public static final Setting<Long> CACHE_DISK_MAX_SIZE = new Setting<>("cache.disk.max-size", FEATURE_CACHE, "1GB",
        ValueType.SIZE, "Bound of the disk tier; least recently used entries go first.");
    public static final Setting<Duration> CACHE_EXTERNAL_WRITES_INTERVAL = new Setting<>("cache.external-writes.interval",
        FEATURE_CACHE, "1s", ValueType.duration(Duration.ofMillis(10), true),
        "How often each SQLite database is asked (PRAGMA data_version) whether another process wrote to it; 0s: never.");
    public static final Setting<Integer> CACHE_WARM_RECENT_CALLS = new Setting<>("cache.warm.recent-calls", FEATURE_CACHE,
        "256", ValueType.integer(1, 100_000), "Calls remembered per cached method for warming (the most recent and frequent).");

    public static final Setting<Boolean> TASKS_ENABLED = new Setting<>("tasks.enabled", FEATURE_TASKS, "true", ValueType.BOOLEAN,
        "Run the background task processor, which other features queue work on.");
    public static final Setting<Integer> TASKS_WORKERS = new Setting<>("tasks.workers", FEATURE_TASKS, "4",
        ValueType.integer(1, 64), "Daemon threads running background tasks.");
    public static final Setting<Integer> TASKS_QUEUE_LIMIT = new Setting<>("tasks.queue-limit", FEATURE_TASKS, "1000",
        ValueType.integer(1, 1_000_000), "Most tasks waiting to run (retries waiting included); a submission past it is rejected at once.");
    public static final Setting<Integer> TASKS_RETRIES = new Setting<>("tasks.retries", FEATURE_TASKS, "3",
        ValueType.integer(0, 20), "Most retries of a task whose failure is marked retryable; other failures fail at once.");
    public static final Setting<Duration> TASKS_RETRY_BACKOFF = new Setting<>("tasks.retry-backoff", FEATURE_TASKS, "1s",
        ValueType.duration(Duration.ofMillis(10), false),
        "Wait before the first retry, doubled for each further one (at most 5 minutes), minus a random part of up to half.");
    public static final Setting<Duration> TASKS_TIME_LIMIT = new Setting<>("tasks.time-limit", FEATURE_TASKS, "5m",
        ValueType.duration(Duration.ofMillis(100), false),
        "How long one attempt of a task may run before it is interrupted and fails (unless the task sets its own).");
    public static final Setting<Integer> TASKS_HISTORY = new Setting<>("tasks.history", FEATURE_TASKS, "1000",
        ValueType.integer(0, 100_000), "Most finished tasks kept for the endpoints.");
    public static final Setting<Duration> TASKS_HISTORY_TTL = new Setting<>("tasks.history-ttl", FEATURE_TASKS, "1h",
        ValueType.duration(Duration.ofSeconds(1), false), "How long a finished task is kept for the endpoints.");
    public static final Setting<Integer> TASKS_HEALTH_FAILURE_PERCENT = new Setting<>("tasks.health.failure-percent",
        FEATURE_TASKS, "20", ValueType.integer(1, 100),
        "The tasks health component is degraded when at least this percentage of the tasks finished in the last 15 minutes failed (at least 5 finished).");

    public static final Setting<Boolean> SEARCH_ENABLED = new Setting<>("search.enabled", FEATURE_SEARCH, "true",
        ValueType.BOOLEAN, "Serve the optimized security search over the application's ThreatLens database.");
    public static final Setting<String> SEARCH_DATABASE = new Setting<>("search.database", FEATURE_SEARCH, "",
        ValueType.TEXT, "The ThreatLens database of the search and analytics endpoints: a jdbc:sqlite: URL or a file path "
        + "the application opens; empty: the first database the application opens that has a security_wikis table.");
    public static final Setting<Boolean> SEARCH_FTS = new Setting<>("search.fts", FEATURE_SEARCH, "false",
        ValueType.BOOLEAN, "Build an FTS5 trigram index of wiki titles and text in the application's database (a table "
        + "and three triggers that keep it in sync), so that search stops scanning. Writes to the application's database.");
    public static final Setting<Boolean> SEARCH_PREFETCH = new Setting<>("search.prefetch", FEATURE_SEARCH, "true",
        ValueType.BOOLEAN, "While a search page is served, compute the next one in the background.");
    public static final Setting<Integer> SEARCH_COUNT_PARTS = new Setting<>("search.count-parts", FEATURE_SEARCH, "0",
        ValueType.integer(0, 64), "Parts a full-text match count is split into, each counted on its own connection at the "
        + "same time (one search at a time is split); 0: one per processor, 1: never split.");
    public static final Setting<Boolean> ANALYTICS_ENABLED = new Setting<>("analytics.enabled", FEATURE_ANALYTICS, "true",
        ValueType.BOOLEAN, "Serve the optimized analytics over the application's ThreatLens database and the agent's statistics.");
    public static final Setting<Boolean> ADVISOR_ENABLED = new Setting<>("advisor.enabled", FEATURE_ADVISOR, "true",
        ValueType.BOOLEAN, "Run the index advisor (needs jdbc.enabled and tasks.enabled): recommendations, proof, optimize.");
    public static final Setting<Integer> ADVISOR_MIN_CALLS = new Setting<>("advisor.min-calls", FEATURE_ADVISOR, "10",
        ValueType.integer(0, Integer.MAX_VALUE), "A statement is analyzed for indexes only once it has run this many times.");
    public static final Setting<Duration> ADVISOR_MIN_TOTAL_TIME = new Setting<>("advisor.min-total-time", FEATURE_ADVISOR,
        "100ms", ValueType.DURATION, "A statement is analyzed only once its executions took this long in total (and it ran advisor.min-calls times).");
    public static final Setting<Duration> ADVISOR_TIME_LIMIT = new Setting<>("advisor.time-limit", FEATURE_ADVISOR, "2m",
        ValueType.duration(Duration.ofSeconds(1), false), "How long one analysis of one database, or one optimize task, may run.");
    public static final Setting<Boolean> OPTIMIZE_APPLY = new Setting<>("optimize.apply", FEATURE_ADVISOR, "false",
        ValueType.BOOLEAN, "POST /optimize creates the indexes when the request does not say dry_run; false: a dry run unless apply=true.");

    public static final List<Setting<?>> ALL = List.of(
        ENABLED, CONFIG_FILE, LOG_LEVEL, START_AFTER_MAIN, START_MAX_WAIT,
        HTTP_ENABLED, HTTP_HOST, HTTP_PORT, HTTP_PORT_FILE, HTTP_TOKEN,
        JDBC_ENABLED, SQL_CAPTURE_LITERALS, STATS_MAX_STATEMENTS, SLOW_QUERY_THRESHOLD, SLOW_QUERY_SAMPLES,
        SLOW_QUERY_LOG_LIMIT,
        POOL_ENABLED, POOL_MAX_SIZE, POOL_MIN_IDLE, POOL_CONNECTION_TIMEOUT, POOL_IDLE_TIMEOUT, POOL_MAX_LIFETIME,
        POOL_LEAK_DETECTION, POOL_EXCLUDE, POOL_STATE_CHECKS, POOL_STATEMENT_CACHE, POOL_JOURNAL_MODE, POOL_SYNCHRONOUS, POOL_CACHE_SIZE,
        POOL_MMAP_SIZE, POOL_TEMP_STORE, POOL_BUSY_TIMEOUT, POOL_FOREIGN_KEYS, POOL_PRAGMAS,
        API_ENABLED, API_MAX_ROUTES, API_HEALTH_SERVER_ERROR_PERCENT, API_HEALTH_P95,
        CACHE_ENABLED, CACHE_RULES, CACHE_TRACK_TABLES, CACHE_ROW_INVALIDATION, CACHE_MEMORY_MAX_WEIGHT, CACHE_DISK_ENABLED, CACHE_DISK_DIRECTORY, CACHE_DISK_MAX_SIZE,
        CACHE_EXTERNAL_WRITES_INTERVAL, CACHE_WARM_RECENT_CALLS,
        TASKS_ENABLED, TASKS_WORKERS, TASKS_QUEUE_LIMIT, TASKS_RETRIES, TASKS_RETRY_BACKOFF, TASKS_TIME_LIMIT, TASKS_HISTORY,
        TASKS_HISTORY_TTL, TASKS_HEALTH_FAILURE_PERCENT,
        SEARCH_ENABLED, SEARCH_DATABASE, SEARCH_FTS, SEARCH_PREFETCH, SEARCH_COUNT_PARTS, ANALYTICS_ENABLED,
        ADVISOR_ENABLED, ADVISOR_MIN_CALLS, ADVISOR_MIN_TOTAL_TIME, ADVISOR_TIME_LIMIT, OPTIMIZE_APPLY);

    static final Map<String, Setting<?>> BY_KEY = ALL.stream().collect(Collectors.toMap(Setting::key, Function.identity()));

    private Settings() {
    }

}
