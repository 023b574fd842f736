package com.threatlens.agent.logging;

import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Routes the log calls of the libraries inside the agent (Jetty, Javalin, HikariCP) to the
 * agent's own log, so that they neither print SLF4J's "no provider" warning nor end up in the
 * host's logging configuration. Their INFO chatter is demoted to the agent's debug level.
 */
public final class AgentSlf4jProvider implements SLF4JServiceProvider {

    private final ILoggerFactory loggerFactory = AgentSlf4jLogger::new;
    private final IMarkerFactory markerFactory = new BasicMarkerFactory();
    private final MDCAdapter mdcAdapter = new NOPMDCAdapter();

    @Override
    public ILoggerFactory getLoggerFactory() {
        return loggerFactory;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markerFactory;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdcAdapter;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // nothing to set up: the agent's log is ready before any library logs
    }
}
