package com.threatlens.agent.instrument;

import net.bytebuddy.agent.builder.AgentBuilder;

/** One group of transformations (JDBC statements, HTTP servers, ...), added to the shared builder. */
public interface InstrumentationModule {

    AgentBuilder extend(AgentBuilder builder);
}
