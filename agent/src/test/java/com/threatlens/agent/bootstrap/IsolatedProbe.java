package com.threatlens.agent.bootstrap;

import java.util.function.Supplier;

/**
 * Copied as {@code .classdata} into the jars that AgentClassLoaderTest builds. It refers to JDK
 * types only, so that it can be defined by a loader whose parent is the platform loader.
 */
public final class IsolatedProbe implements Supplier<String> {

    public static int instances;

    public IsolatedProbe() {
        instances++;
    }

    @Override
    public String get() {
        ClassLoader loader = IsolatedProbe.class.getClassLoader();
        return "loaded by " + (loader == null ? "bootstrap" : loader.getName());
    }
}
