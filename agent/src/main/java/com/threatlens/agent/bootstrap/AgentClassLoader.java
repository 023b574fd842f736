package com.threatlens.agent.bootstrap;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Loads the engine and every library the agent carries from {@code inst/} inside the agent jar.
 *
 * <p>Classes there are stored as {@code .classdata}, so the application's class loader, which
 * has the agent jar on its path, cannot find them: the host never sees the agent's Javalin,
 * Jetty, Jackson or Byte Buddy, and the agent never sees the host's. The parent is the platform
 * loader, so JDK modules (and, through the bootstrap loader, the bridge classes) stay visible.
 *
 * <p>Resources are served from {@code inst/} too, and a request for {@code X.class} as a
 * resource answers with the bytes of {@code X.classdata}, because Byte Buddy reads advice
 * bytecode that way.
 */
public final class AgentClassLoader extends ClassLoader {

    static final String PREFIX = "inst/";
    private static final String CLASS_SUFFIX = ".class";
    private static final String DATA_SUFFIX = ".classdata";

    static {
        registerAsParallelCapable();
    }

    private final JarFile jar;
    private final String jarUrl;
    private final ProtectionDomain protectionDomain;

    public AgentClassLoader(JarFile jar, URL jarLocation, ClassLoader parent) {
        super("threatlens-agent", parent);
        this.jar = jar;
        this.jarUrl = "jar:" + jarLocation.toExternalForm() + "!/";
        this.protectionDomain = new ProtectionDomain(new CodeSource(jarLocation, (Certificate[]) null), null, this, null);
    }

    @Override
    protected Class<?> findClass(String name) throws ClassNotFoundException {
        JarEntry entry = jar.getJarEntry(PREFIX + name.replace('.', '/') + DATA_SUFFIX);
        if (entry == null) {
            throw new ClassNotFoundException(name);
        }
        byte[] bytes;
        try (InputStream in = jar.getInputStream(entry)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        definePackageOf(name);
        return defineClass(name, bytes, 0, bytes.length, protectionDomain);
    }

    private void definePackageOf(String className) {
        int dot = className.lastIndexOf('.');
        if (dot < 0) {
            return;
        }
        String packageName = className.substring(0, dot);
        if (getDefinedPackage(packageName) == null) {
            try {
                definePackage(packageName, null, null, null, null, null, null, null);
            } catch (IllegalArgumentException concurrentlyDefined) {
                // another thread defined it first: nothing to do
            }
        }
    }

    @Override
    protected URL findResource(String name) {
        String entryName = entryName(name);
        if (entryName == null || jar.getJarEntry(entryName) == null) {
            return null;
        }
        try {
            return new URL(jarUrl + entryName);
        } catch (MalformedURLException e) {
            return null;
        }
    }

    @Override
    protected Enumeration<URL> findResources(String name) {
        URL url = findResource(name);
        return url == null ? Collections.emptyEnumeration() : Collections.enumeration(Collections.singletonList(url));
    }

    private static String entryName(String resource) {
        if (resource == null || resource.isEmpty()) {
            return null;
        }
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        if (name.endsWith(CLASS_SUFFIX)) {
            name = name.substring(0, name.length() - CLASS_SUFFIX.length()) + DATA_SUFFIX;
        }
        return PREFIX + name;
    }
}
