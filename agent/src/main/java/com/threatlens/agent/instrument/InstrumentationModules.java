package com.threatlens.agent.instrument;

import java.util.ArrayList;
import java.util.List;

import com.threatlens.agent.config.AgentConfig;
import com.threatlens.agent.config.Settings;
import com.threatlens.agent.jdbc.instrument.JdbcInstrumentation;

/** The instrumentation modules that the configuration switches on. */
final class InstrumentationModules {

    private InstrumentationModules() {
    }

    static List<InstrumentationModule> enabled(AgentConfig config) {
        List<InstrumentationModule> modules = new ArrayList<>();
        if (jdbcOn(config)) {
            modules.add(new JdbcInstrumentation());
        }
        return modules;
    }

    static boolean jdbcOn(AgentConfig config) {
        return config.isFeatureOn(Settings.FEATURE_JDBC) && config.get(Settings.JDBC_ENABLED);
    }
}
