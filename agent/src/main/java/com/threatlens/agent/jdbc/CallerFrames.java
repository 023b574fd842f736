package com.threatlens.agent.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;

/**
 * Finds the application frame behind a query: the first frame outside the JDK, JDBC drivers,
 * connection pools, data-access frameworks and the agent, as {@code class.method(File:line)}.
 * Walking the stack costs microseconds, so it is done only for slow executions.
 */
public final class CallerFrames {

    /** The agent's own frames are told by their class loader, not their package name. */
    private static final ClassLoader AGENT_LOADER = CallerFrames.class.getClassLoader();
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private static final List<String> SKIPPED_PACKAGES = List.of(
        "java.", "javax.", "jdk.", "sun.", "com.sun.", "kotlin.", "net.bytebuddy.", "com.threatlens.agent.bootstrap.",
        "org.sqlite.", "org.postgresql.", "com.mysql.", "org.mariadb.", "org.h2.", "org.hsqldb.", "org.apache.derby.",
        "oracle.jdbc.", "com.microsoft.sqlserver.", "com.zaxxer.hikari.", "org.apache.commons.dbcp", "org.apache.tomcat.jdbc.",
        "com.mchange.v2.c3p0.", "io.agroal.", "org.springframework.jdbc.", "org.hibernate.", "org.jooq.", "org.jdbi.",
        "org.apache.ibatis.", "org.mybatis.");

    private CallerFrames() {
    }

    public static String find() {
        Optional<StackWalker.StackFrame> frame = WALKER.walk(frames -> frames.filter(CallerFrames::isApplication).findFirst());
        return frame.map(CallerFrames::format).orElse("unknown");
    }

    static boolean isApplication(StackWalker.StackFrame frame) {
        String name = frame.getClassName();
        for (String prefix : SKIPPED_PACKAGES) {
            if (name.startsWith(prefix)) {
                return false;
            }
        }
        Class<?> type = frame.getDeclaringClass();
        if (type.getClassLoader() == AGENT_LOADER) {
            return false;
        }
        return !(Statement.class.isAssignableFrom(type) || Connection.class.isAssignableFrom(type)
            || ResultSet.class.isAssignableFrom(type));
    }

    private static String format(StackWalker.StackFrame frame) {
        String file = frame.getFileName();
        int line = frame.getLineNumber();
        return frame.getClassName() + "." + frame.getMethodName() + "(" + (file == null ? "Unknown Source" : file)
            + (line > 0 ? ":" + line : "") + ")";
    }
}
