package com.threatlens.agent.logging;

import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

import com.threatlens.agent.bootstrap.AgentLog;

/** One library logger writing to {@link AgentLog}; see {@link AgentSlf4jProvider}. */
final class AgentSlf4jLogger extends LegacyAbstractLogger {

    private static final long serialVersionUID = 1L;

    AgentSlf4jLogger(String name) {
        this.name = name;
    }

    private static AgentLog.Level map(Level level) {
        switch (level) {
            case ERROR:
                return AgentLog.Level.ERROR;
            case WARN:
                return AgentLog.Level.WARN;
            default:
                return AgentLog.Level.DEBUG;
        }
    }

    @Override
    public boolean isTraceEnabled() {
        return false;
    }

    @Override
    public boolean isDebugEnabled() {
        return AgentLog.isEnabled(AgentLog.Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return AgentLog.isEnabled(AgentLog.Level.DEBUG);
    }

    @Override
    public boolean isWarnEnabled() {
        return AgentLog.isEnabled(AgentLog.Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return AgentLog.isEnabled(AgentLog.Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String messagePattern, Object[] arguments, Throwable throwable) {
        String message = MessageFormatter.basicArrayFormat(messagePattern, arguments);
        AgentLog.log(map(level), name + ": " + message, throwable);
    }
}
