package com.threatlens.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.threatlens.agent.advisor.AdvisorFeature;
import com.threatlens.agent.analytics.AnalyticsFeature;
import com.threatlens.agent.api.ApiFeature;
import com.threatlens.agent.bootstrap.AgentLog;
import com.threatlens.agent.bootstrap.AgentSetUp;
import com.threatlens.agent.cache.AgentResults;
import com.threatlens.agent.cache.CacheFeature;
import com.threatlens.agent.config.AgentConfig;
import com.threatlens.agent.config.Settings;
import com.threatlens.agent.data.ThreatLensDatabase;
import com.threatlens.agent.instrument.AgentInstaller;
import com.threatlens.agent.jdbc.InternalSql;
import com.threatlens.agent.jdbc.JdbcFeature;
import com.threatlens.agent.metrics.AgentMetrics;
import com.threatlens.agent.pool.PoolFeature;
import com.threatlens.agent.pool.StatementSignals;
import com.threatlens.agent.report.AgentReport;
import com.threatlens.agent.report.JvmMetrics;
import com.threatlens.agent.search.SearchFeature;
import com.threatlens.agent.sidecar.SidecarLauncher;
import com.threatlens.agent.tasks.TasksFeature;
import com.threatlens.sidecar.HealthCheck;
import com.threatlens.sidecar.MetricsSection;
import com.threatlens.sidecar.SidecarEngine;

/**
 * The engine's entry point, called by {@code AgentPremain} inside the agent class loader.
 *
 * <p>The host's start-up waits only for the configuration. Everything else (Byte Buddy, about a
 * thousand classes; the metrics registry; the HTTP server) is set up on a daemon thread, by
 * default once the application has started (see {@link ApplicationStart}). Class transformation
 * is installed with retransformation, so JDBC classes the application loaded meanwhile are
 * instrumented too; only what ran before goes unobserved.
 */
public final class AgentStarter {

    private AgentStarter() {
    }

    /**
     * @param atLaunch true from premain, on the application's main thread before its main
     *                 method; false when attached to a running JVM
     */
    public static void start(String arguments, Instrumentation instrumentation, File agentJar, boolean atLaunch) {
        Instant startedAt = Instant.now();
        AgentConfig config = AgentConfig.load(arguments, systemProperties(), System.getenv());
        AgentLog.setLevel(config.get(Settings.LOG_LEVEL));
        config.problems().forEach(AgentLog::warn);
        if (!config.get(Settings.ENABLED) || !config.isFeatureOn(Settings.FEATURE_AGENT)) {
            AgentLog.info("disabled by configuration: no class is transformed, no server started");
            AgentSetUp.markComplete();
            return;
        }
        Thread main = atLaunch && config.get(Settings.START_AFTER_MAIN) ? Thread.currentThread() : null;
        Thread background = new Thread(() -> {
            if (main == null || awaitApplicationStart(main, config)) {
                startInBackground(config, instrumentation, startedAt, agentJar);
            } else {
                AgentSetUp.markComplete();
            }
        }, "threatlens-agent-start");
        background.setDaemon(true);
        background.setContextClassLoader(AgentStarter.class.getClassLoader());
        background.start();
    }

    /** False when interrupted: the JVM is going down, and the agent does not start. */
    private static boolean awaitApplicationStart(Thread main, AgentConfig config) {
        long waitStart = System.nanoTime();
        try {
            boolean started = ApplicationStart.await(main, config.get(Settings.START_MAX_WAIT));
            AgentLog.debug((started ? "the application has started" : "start.max-wait has passed") + " after "
                + (System.nanoTime() - waitStart) / 1_000_000 + " ms: the agent sets itself up");
            return true;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void startInBackground(AgentConfig config, Instrumentation instrumentation, Instant startedAt,
                                          File agentJar) {
        try {
            long startNanos = System.nanoTime();
            AgentReport report = new AgentReport(config, startedAt);
            AgentMetrics metrics = new AgentMetrics();
            List<MetricsSection> sections = new ArrayList<>(List.of(report, new JvmMetrics()));
            List<HealthCheck> healthChecks = new ArrayList<>(List.of(report));
            JdbcFeature jdbc = null;
            if (JdbcFeature.isOn(config)) {
                jdbc = new JdbcFeature(config, System::currentTimeMillis);
                jdbc.bindMeters(metrics.registry());
                jdbc.connect();
                sections.add(jdbc);
            }
            PoolFeature pool = null;
            if (PoolFeature.isOn(config)) {
                pool = jdbc == null
                    ? new PoolFeature(config, InternalSql.DIRECT, null, metrics.registry(), System::currentTimeMillis)
                    : new PoolFeature(config, jdbc.internalSql(),
                        new StatementSignals(jdbc::connectionStateChanges, jdbc::schemaChanges), metrics.registry(),
                        System::currentTimeMillis);
                pool.connect();
                sections.add(pool);
                healthChecks.add(pool);
            }
            ApiFeature api = null;
            if (ApiFeature.isOn(config)) {
                api = new ApiFeature(config, jdbc, System::currentTimeMillis);
                api.bindMeters(metrics.registry());
                api.connect();
                sections.add(api);
                healthChecks.add(api.health());
            }
            TasksFeature tasks = null;
            if (TasksFeature.isOn(config)) {
                tasks = new TasksFeature(config);
                tasks.bindMeters(metrics.registry());
                tasks.connect();
                healthChecks.add(tasks);
            }
            CacheFeature cache = null;
            if (CacheFeature.isOn(config)) {
                cache = new CacheFeature(config,
                    jdbc == null || !config.get(Settings.CACHE_TRACK_TABLES) ? null : jdbc.tableTracking(), pool,
                    System::currentTimeMillis);
                cache.bindMeters(metrics.registry());
                if (tasks != null) {
                    cache.useTasks(tasks.processor());
                }
                cache.connect();
                sections.add(cache);
                healthChecks.add(cache);
            }
            SearchFeature search = null;
            AnalyticsFeature analytics = null;
            if (pool != null && (SearchFeature.isOn(config) || AnalyticsFeature.isOn(config))) {
                ThreatLensDatabase database = new ThreatLensDatabase(pool, config.get(Settings.SEARCH_DATABASE));
                AgentResults results = cache == null ? null : cache.agentResults();
                if (SearchFeature.isOn(config)) {
                    search = new SearchFeature(config, database, results);
                    if (tasks != null) {
                        search.useTasks(tasks.processor());
                    }
                    search.connect();
                    sections.add(search);
                }
                if (AnalyticsFeature.isOn(config)) {
                    analytics = new AnalyticsFeature(database, results, jdbc, Clock.systemUTC());
                    if (tasks != null) {
                        analytics.useTasks(tasks.processor());
                    }
                    analytics.connect();
                    sections.add(analytics);
                }
            } else if (pool == null && (SearchFeature.isOn(config) || AnalyticsFeature.isOn(config))) {
                AgentLog.info("search and analytics are off: they read the application's database through the "
                    + "connection pool, which is off");
            }
            AdvisorFeature advisor = null;
            if (AdvisorFeature.isOn(config)) {
                if (jdbc != null && tasks != null && pool != null) {
                    advisor = new AdvisorFeature(config, jdbc, pool, tasks.processor(), System::currentTimeMillis);
                } else {
                    AgentLog.warn("the index advisor needs jdbc.enabled, tasks.enabled and pool.enabled; it is off");
                }
            }
            AgentInstaller.install(instrumentation, config,
                cache == null ? List.of() : List.of(cache.instrumentation()));
            AgentLog.debug("agent " + AgentVersion.get() + " from " + agentJar + " instruments classes after "
                + (System.nanoTime() - startNanos) / 1_000_000 + " ms");

            if (config.isFeatureOn(Settings.FEATURE_HTTP) && config.get(Settings.HTTP_ENABLED)) {
                SidecarLauncher.start(config,
                    new SidecarEngine(healthChecks, sections, jdbc, pool, api, metrics::scrape, cache, tasks, advisor,
                        search, analytics));
            }
        } catch (Throwable failed) {
            AgentLog.error("agent start failed, the application runs on without it: " + failed, failed);
        } finally {
            AgentSetUp.markComplete();
        }
    }

    private static Map<String, String> systemProperties() {
        Map<String, String> properties = new HashMap<>();
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith(Settings.PROPERTY_PREFIX)) {
                properties.put(name, System.getProperty(name));
            }
        }
        return properties;
    }
}
