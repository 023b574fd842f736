package com.threatlens.agent.instrument;

import java.util.ArrayList;
import java.util.List;

import com.threatlens.agent.api.ApiFeature;
import com.threatlens.agent.api.instrument.HttpServerInstrumentation;
import com.threatlens.agent.config.AgentConfig;
import com.threatlens.agent.jdbc.JdbcFeature;
import com.threatlens.agent.jdbc.instrument.JdbcInstrumentation;
import com.threatlens.agent.pool.PoolFeature;
import com.threatlens.agent.pool.PoolInstrumentation;

/** The instrumentation modules that the configuration switches on. */
final class InstrumentationModules {

    private InstrumentationModules() {
    }

    static List<InstrumentationModule> enabled(AgentConfig config) {
        List<InstrumentationModule> modules = new ArrayList<>();
        if (JdbcFeature.isOn(config)) {
            modules.add(new JdbcInstrumentation());
        }
        if (PoolFeature.isOn(config)) {
            modules.add(new PoolInstrumentation());
        }
        if (ApiFeature.isOn(config)) {
            modules.add(new HttpServerInstrumentation());
        }
        return modules;
    }
}
