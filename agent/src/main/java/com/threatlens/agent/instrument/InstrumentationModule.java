package com.threatlens.agent.instrument;

import java.util.List;

import net.bytebuddy.agent.builder.AgentBuilder;

/** One group of transformations (JDBC statements, HTTP servers, ...), added to the shared builder. */
public interface InstrumentationModule {

    AgentBuilder extend(AgentBuilder builder);

    /**
     * Classes of the JDK itself (boot or platform loader) this module transforms. The installer
     * leaves every other JDK class alone without reading it.
     */
    default List<String> jdkClasses() {
        return List.of();
    }
}
