package com.threatlens.agent.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import com.threatlens.agent.bootstrap.AgentLog;

/** Every key the agent understands, with its default. Features add their keys here. */
public final class Settings {

    public static final String PROPERTY_PREFIX = "threatlens.perf.";
    public static final String ENV_PREFIX = "THREATLENS_PERF_";

    public static final String FEATURE_AGENT = "agent";
    public static final String FEATURE_HTTP = "http";
    public static final String FEATURE_JDBC = "jdbc";
    public static final String FEATURE_API = "api";

    public static final Setting<Boolean> ENABLED = new Setting<>("enabled", FEATURE_AGENT, "true", ValueType.BOOLEAN,
        "Master switch. false: the agent transforms no class and starts nothing.");
    public static final Setting<String> CONFIG_FILE = new Setting<>("config", null, "", ValueType.TEXT,
        "Path of a properties file with more settings (keys as in this table).");
    public static final Setting<AgentLog.Level> LOG_LEVEL = new Setting<>("log.level", null, "info",
        ValueType.oneOf(AgentLog.Level.class), "The agent's own log lines on standard error: debug, info, warn, error or off.");

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

    public static final Setting<Boolean> API_ENABLED = new Setting<>("api.enabled", FEATURE_API, "true", ValueType.BOOLEAN,
        "Time every request of the host's own HTTP server (servlets, JDK HttpServer) per route.");
    public static final Setting<Integer> API_MAX_ROUTES = new Setting<>("api.max-routes", FEATURE_API, "500",
        ValueType.integer(1, 100_000), "Most distinct routes (method and route template) kept; requests of further routes count under one overflow route.");
    public static final Setting<Integer> API_HEALTH_SERVER_ERROR_PERCENT = new Setting<>("api.health.server-error-percent",
        FEATURE_API, "5", ValueType.integer(1, 100),
        "The api health component is degraded when at least this percentage of the last 5 minutes' requests answered 5xx or threw.");
    public static final Setting<Duration> API_HEALTH_P95 = new Setting<>("api.health.p95", FEATURE_API, "2s", ValueType.DURATION,
        "The api health component is degraded when the p95 response time of the last 1 to 2 minutes reaches this.");

    public static final List<Setting<?>> ALL = List.of(
        ENABLED, CONFIG_FILE, LOG_LEVEL,
        HTTP_ENABLED, HTTP_HOST, HTTP_PORT, HTTP_PORT_FILE, HTTP_TOKEN,
        JDBC_ENABLED, SQL_CAPTURE_LITERALS, STATS_MAX_STATEMENTS, SLOW_QUERY_THRESHOLD, SLOW_QUERY_SAMPLES,
        SLOW_QUERY_LOG_LIMIT,
        API_ENABLED, API_MAX_ROUTES, API_HEALTH_SERVER_ERROR_PERCENT, API_HEALTH_P95);

    static final Map<String, Setting<?>> BY_KEY = ALL.stream().collect(Collectors.toMap(Setting::key, Function.identity()));

    private Settings() {
    }

}
