package com.threatlens.agent.bootstrap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentClassLoaderTest {

    private static final String PROBE = IsolatedProbe.class.getName();
    private static final String PROBE_PATH = PROBE.replace('.', '/');
    private static final String DATA = "threat data\nline two\n";

    @TempDir
    Path dir;

    private Path jarPath;
    private byte[] probeBytes;
    private final List<JarFile> opened = new ArrayList<>();

    @BeforeEach
    void buildAgentJar() throws IOException {
        try (InputStream in = AgentClassLoaderTest.class.getResourceAsStream("/" + PROBE_PATH + ".class")) {
            assertNotNull(in, "compiled probe on the test class path");
            probeBytes = in.readAllBytes();
        }
        Path folder = Files.createDirectories(dir.resolve("agent home"));
        jarPath = folder.resolve("agent.jar");
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(jarPath))) {
            put(jar, "inst/" + PROBE_PATH + ".classdata", probeBytes);
            put(jar, "inst/some/data.txt", DATA.getBytes(StandardCharsets.UTF_8));
            put(jar, "inst/META-INF/services/java.util.function.Supplier", (PROBE + "\n").getBytes(StandardCharsets.UTF_8));
            put(jar, "outside/not-served.txt", "top level".getBytes(StandardCharsets.UTF_8));
        }
    }

    @AfterEach
    void closeJars() throws IOException {
        for (JarFile jar : opened) {
            jar.close();
        }
    }

    private static void put(JarOutputStream jar, String name, byte[] bytes) throws IOException {
        jar.putNextEntry(new JarEntry(name));
        jar.write(bytes);
        jar.closeEntry();
    }

    private AgentClassLoader newLoader() throws IOException {
        JarFile jar = new JarFile(jarPath.toFile());
        opened.add(jar);
        return new AgentClassLoader(jar, jarPath.toUri().toURL(), ClassLoader.getPlatformClassLoader());
    }

    private static byte[] read(URL url) throws IOException {
        try (InputStream in = url.openStream()) {
            return in.readAllBytes();
        }
    }

    @Test
    void a_class_stored_as_classdata_loads_through_the_agent_loader() throws Exception {
        AgentClassLoader loader = newLoader();

        Class<?> probe = loader.loadClass(PROBE);

        assertSame(loader, probe.getClassLoader());
        assertEquals(PROBE, probe.getName());
        Supplier<?> instance = (Supplier<?>) probe.getDeclaredConstructor().newInstance();
        assertEquals("loaded by threatlens-agent", instance.get());
    }

    @Test
    void the_loaded_class_is_not_the_test_class_paths_copy() throws Exception {
        AgentClassLoader loader = newLoader();
        int before = IsolatedProbe.instances;

        Class<?> probe = loader.loadClass(PROBE);
        probe.getDeclaredConstructor().newInstance();

        assertNotSame(IsolatedProbe.class, probe);
        assertFalse(probe.isInstance(new IsolatedProbe()));
        assertEquals(before + 1, IsolatedProbe.instances, "only the test's own copy counted the test's instance");
        assertEquals(1, probe.getField("instances").getInt(null), "the agent's copy has its own static state");
    }

    @Test
    void the_package_of_a_loaded_class_is_defined_by_the_agent_loader() throws Exception {
        AgentClassLoader loader = newLoader();

        Class<?> probe = loader.loadClass(PROBE);

        assertNotNull(loader.getDefinedPackage(IsolatedProbe.class.getPackageName()));
        assertNotNull(probe.getPackage());
        assertEquals(IsolatedProbe.class.getPackageName(), probe.getPackage().getName());
    }

    @Test
    void a_loaded_class_has_the_jar_as_its_code_source() throws Exception {
        AgentClassLoader loader = newLoader();

        Class<?> probe = loader.loadClass(PROBE);

        assertEquals(jarPath.toUri().toURL(), probe.getProtectionDomain().getCodeSource().getLocation());
    }

    @Test
    void a_class_not_in_the_jar_is_not_found() throws IOException {
        AgentClassLoader loader = newLoader();

        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("com.threatlens.agent.NoSuchEngine"));
    }

    @Test
    void classes_of_the_application_class_path_are_not_visible() throws IOException {
        AgentClassLoader loader = newLoader();

        assertThrows(ClassNotFoundException.class, () -> loader.loadClass(AgentClassLoaderTest.class.getName()));
        assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.junit.jupiter.api.Test"));
    }

    @Test
    void jdk_classes_load_through_the_parent() throws Exception {
        AgentClassLoader loader = newLoader();

        Class<?> connection = loader.loadClass("java.sql.Connection");

        assertSame(java.sql.Connection.class, connection);
        assertSame(ClassLoader.getPlatformClassLoader(), connection.getClassLoader());
        assertSame(String.class, loader.loadClass("java.lang.String"));
    }

    @Test
    void an_ordinary_class_loader_over_the_same_jar_cannot_load_the_class() throws Exception {
        try (URLClassLoader plain = new URLClassLoader(new URL[] {jarPath.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            assertThrows(ClassNotFoundException.class, () -> plain.loadClass(PROBE));
            assertNull(plain.getResource(PROBE_PATH + ".class"));
        }
    }

    @Test
    void a_resource_is_served_from_inst() throws IOException {
        AgentClassLoader loader = newLoader();

        URL data = loader.getResource("some/data.txt");

        assertNotNull(data);
        assertEquals(DATA, new String(read(data), StandardCharsets.UTF_8));
        try (InputStream in = loader.getResourceAsStream("some/data.txt")) {
            assertNotNull(in);
            assertEquals(DATA, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void a_resource_outside_inst_is_not_served() throws IOException {
        AgentClassLoader loader = newLoader();

        assertNull(loader.getResource("outside/not-served.txt"));
        assertNull(loader.getResource("inst/some/data.txt"));
        assertNull(loader.getResource("some/missing.txt"));
    }

    @Test
    void a_class_file_resource_answers_with_the_classdata_bytes() throws IOException {
        AgentClassLoader loader = newLoader();

        URL classFile = loader.getResource(PROBE_PATH + ".class");

        assertNotNull(classFile);
        assertArrayEquals(probeBytes, read(classFile));
        assertTrue(classFile.toString().endsWith("inst/" + PROBE_PATH + ".classdata"), classFile::toString);
    }

    @Test
    void a_class_file_resource_of_a_missing_class_is_null() throws IOException {
        AgentClassLoader loader = newLoader();

        assertNull(loader.getResource("com/threatlens/agent/NoSuchEngine.class"));
    }

    @Test
    void resources_list_the_one_entry_of_the_jar() throws IOException {
        AgentClassLoader loader = newLoader();

        List<URL> urls = Collections.list(loader.getResources("some/data.txt"));

        assertEquals(1, urls.size(), urls::toString);
        assertEquals(DATA, new String(read(urls.get(0)), StandardCharsets.UTF_8));
        assertFalse(loader.getResources("some/missing.txt").hasMoreElements());
    }

    @Test
    void service_files_under_inst_are_found_and_their_providers_load_in_the_agent_loader() throws IOException {
        AgentClassLoader loader = newLoader();

        List<Object> providers = new ArrayList<>();
        @SuppressWarnings("rawtypes")
        ServiceLoader<Supplier> services = ServiceLoader.load(Supplier.class, loader);
        services.forEach(providers::add);

        assertEquals(1, providers.size(), providers::toString);
        assertEquals(PROBE, providers.get(0).getClass().getName());
        assertSame(loader, providers.get(0).getClass().getClassLoader());
    }

    @Test
    void loading_the_same_class_twice_gives_the_same_class() throws Exception {
        AgentClassLoader loader = newLoader();

        assertSame(loader.loadClass(PROBE), loader.loadClass(PROBE));
        assertSame(loader.loadClass(PROBE), Class.forName(PROBE, true, loader));
    }

    @Test
    void two_agent_loaders_define_two_distinct_classes() throws Exception {
        assertNotSame(newLoader().loadClass(PROBE), newLoader().loadClass(PROBE));
    }

    @Test
    void loading_one_class_from_many_threads_at_once_gives_one_class() throws Exception {
        int threads = 8;
        for (int round = 0; round < 20; round++) {
            AgentClassLoader loader = newLoader();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Class<?>>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    Callable<Class<?>> load = () -> {
                        start.await();
                        return loader.loadClass(PROBE);
                    };
                    results.add(pool.submit(load));
                }
                start.countDown();
                Set<Class<?>> loaded = Collections.newSetFromMap(new IdentityHashMap<>());
                for (Future<Class<?>> result : results) {
                    loaded.add(result.get(10, TimeUnit.SECONDS));
                }
                assertEquals(1, loaded.size(), "round " + round);
                assertSame(loader, loaded.iterator().next().getClassLoader());
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void the_loader_is_registered_as_parallel_capable() throws IOException {
        assertTrue(newLoader().isRegisteredAsParallelCapable());
    }

    @Test
    void a_jar_in_a_folder_whose_name_has_a_space_still_serves_resources() throws IOException {
        assertTrue(jarPath.toString().contains(" "), jarPath::toString);
        AgentClassLoader loader = newLoader();

        assertEquals(DATA, new String(read(loader.getResource("some/data.txt")), StandardCharsets.UTF_8));
    }
}
