package com.threatlens.agent.bootstrap;

import java.io.File;
import java.lang.instrument.Instrumentation;
import java.net.URL;
import java.util.jar.JarFile;

/**
 * Entry point named by the jar's {@code Premain-Class} and {@code Agent-Class}.
 *
 * <p>This class is loaded by the system class loader, because the JVM puts the agent jar on
 * the application class path. It does three things and nothing else: append the jar to the
 * bootstrap search path (so that the bridge classes in this package are visible to advice
 * inlined into any class, {@code java.sql.DriverManager} included), create the isolated
 * {@link AgentClassLoader}, and hand over to the engine inside it. Whatever goes wrong is
 * caught and printed in one line: the host application always starts.
 */
public final class AgentPremain {

    private static final String ENGINE_CLASS = "com.threatlens.agent.AgentStarter";
    private static boolean started;

    private AgentPremain() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, true);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, false);
    }

    private static synchronized void start(String arguments, Instrumentation instrumentation, boolean atLaunch) {
        if (started) {
            return;
        }
        started = true;
        try {
            File agentJar = agentJar();
            JarFile jar = new JarFile(agentJar, false);
            instrumentation.appendToBootstrapClassLoaderSearch(jar);
            AgentClassLoader loader = new AgentClassLoader(jar, agentJar.toURI().toURL(), ClassLoader.getPlatformClassLoader());
            Class<?> engine = Class.forName(ENGINE_CLASS, true, loader);
            engine.getMethod("start", String.class, Instrumentation.class, File.class, boolean.class)
                .invoke(null, arguments, instrumentation, agentJar, atLaunch);
        } catch (Throwable failure) {
            Throwable cause = failure instanceof java.lang.reflect.InvocationTargetException && failure.getCause() != null
                ? failure.getCause() : failure;
            AgentLog.error("agent did not start, the application runs without it: " + cause, cause);
        }
    }

    private static File agentJar() throws Exception {
        URL location = AgentPremain.class.getProtectionDomain().getCodeSource().getLocation();
        return new File(location.toURI());
    }
}
