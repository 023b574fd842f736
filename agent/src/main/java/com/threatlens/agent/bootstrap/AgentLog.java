package com.threatlens.agent.bootstrap;

import java.io.PrintStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;

/**
 * The agent's one log: single lines on standard error, prefixed so that an operator can grep
 * them out of the host's own output. It lives in the bootstrap part so that the premain class,
 * the bridge and the engine all write the same way, without any logging library that could
 * clash with the host's.
 */
public final class AgentLog {

    public enum Level { DEBUG, INFO, WARN, ERROR, OFF }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static volatile Level threshold = Level.INFO;

    private AgentLog() {
    }

    public static void setLevel(Level level) {
        threshold = level;
    }

    public static boolean isEnabled(Level level) {
        return level != Level.OFF && level.ordinal() >= threshold.ordinal();
    }

    public static void debug(String message) {
        log(Level.DEBUG, message, null);
    }

    public static void info(String message) {
        log(Level.INFO, message, null);
    }

    public static void warn(String message) {
        log(Level.WARN, message, null);
    }

    public static void error(String message, Throwable cause) {
        log(Level.ERROR, message, cause);
    }

    public static void log(Level level, String message, Throwable cause) {
        if (!isEnabled(level)) {
            return;
        }
        try {
            PrintStream err = System.err;
            err.println(LocalDateTime.now().format(TIME) + " [threatlens-agent] " + level + " " + message);
            if (cause != null && isEnabled(Level.DEBUG)) {
                cause.printStackTrace(err);
            }
        } catch (Throwable ignored) {
            // logging must never hurt the host
        }
    }
}
