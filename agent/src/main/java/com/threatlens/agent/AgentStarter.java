package com.threatlens.agent;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.threatlens.agent.bootstrap.AgentLog;
import com.threatlens.agent.config.AgentConfig;
import com.threatlens.agent.config.Settings;
import com.threatlens.agent.instrument.AgentInstaller;
import com.threatlens.agent.jdbc.JdbcFeature;
import com.threatlens.agent.metrics.AgentMetrics;
import com.threatlens.agent.report.AgentReport;
import com.threatlens.agent.report.JvmMetrics;
import com.threatlens.agent.sidecar.SidecarLauncher;
import com.threatlens.sidecar.MetricsSection;
import com.threatlens.sidecar.SidecarEngine;

/**
 * The engine's entry point, called by {@code AgentPremain} inside the agent class loader.
 *
 * <p>Order matters for the host's start-up time: what must happen before the application's
 * classes load (configuration, class transformation) happens here on the premain thread;
 * everything else (the HTTP server, with Jetty's few hundred classes) starts on a daemon thread.
 */
public final class AgentStarter {

    private AgentStarter() {
    }

    public static void start(String arguments, Instrumentation instrumentation, File agentJar) {
        Instant startedAt = Instant.now();
        AgentConfig config = AgentConfig.load(arguments, systemProperties(), System.getenv());
        AgentLog.setLevel(config.get(Settings.LOG_LEVEL));
        config.problems().forEach(AgentLog::warn);
        if (!config.get(Settings.ENABLED) || !config.isFeatureOn(Settings.FEATURE_AGENT)) {
            AgentLog.info("disabled by configuration: no class is transformed, no server started");
            return;
        }

        AgentMetrics metrics = new AgentMetrics();
        AgentReport report = new AgentReport(config, startedAt);
        List<MetricsSection> sections = new ArrayList<>(List.of(report, new JvmMetrics()));
        JdbcFeature jdbc = null;
        if (config.isFeatureOn(Settings.FEATURE_JDBC) && config.get(Settings.JDBC_ENABLED)) {
            jdbc = new JdbcFeature(config, metrics.registry(), System::currentTimeMillis);
            jdbc.connect();
            sections.add(jdbc);
        }

        AgentInstaller.install(instrumentation, config);

        SidecarEngine engine = new SidecarEngine(List.of(report), sections, jdbc, metrics::scrape);
        if (config.isFeatureOn(Settings.FEATURE_HTTP) && config.get(Settings.HTTP_ENABLED)) {
            SidecarLauncher.startInBackground(config, engine);
        }
        AgentLog.debug("agent " + AgentVersion.get() + " started from " + agentJar);
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
