package com.threatlens.example.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's libraries stay invisible to the application it is attached to, while both HTTP
 * stacks (the example's JDK server and the agent's Javalin on Jetty) serve from the same JVM.
 *
 * <p>The example cannot look into its own class loader for a test, so a probe main class,
 * compiled here against the example jar, does it: it reports what the system class loader can
 * load and which Jackson it has, then starts the example in-process.
 */
class IsolationIT {

    private static final String PROBE_CLASS = "IsolationProbe";
    private static final String PROBE_SOURCE = """
            import com.threatlens.example.ExampleMain;

            public class IsolationProbe {

                private static final String NEXUS = "net.bytebuddy.dynamic.Nexus";

                public static void main(String[] args) throws Exception {
                    ClassLoader application = ClassLoader.getSystemClassLoader();
                    String[] classNames = {
                        "io.javalin.Javalin",
                        "net.bytebuddy.ByteBuddy",
                        "net.sf.jsqlparser.parser.CCJSqlParserUtil",
                        "org.eclipse.jetty.server.Server",
                        "com.threatlens.agent.AgentStarter",
                        "com.threatlens.agent.bootstrap.AgentLog",
                        "com.fasterxml.jackson.databind.ObjectMapper",
                    };
                    for (String name : classNames) {
                        System.out.println("probe class " + name + " " + describe(name, application));
                    }
                    String[] resourceNames = {
                        "io/javalin/Javalin.class",
                        "META-INF/services/org.slf4j.spi.SLF4JServiceProvider",
                    };
                    for (String name : resourceNames) {
                        System.out.println("probe resource " + name + " "
                            + (application.getResource(name) == null ? "not-found" : "found"));
                    }
                    System.out.println("probe jackson-version "
                        + com.fasterxml.jackson.databind.cfg.PackageVersion.VERSION);
                    // Byte Buddy could inject a class into this loader when it installs: look once
                    // the sidecar runs, which the agent starts after installing.
                    Thread late = new Thread(() -> {
                        try {
                            while (Thread.getAllStackTraces().keySet().stream()
                                .noneMatch(thread -> thread.getName().startsWith("threatlens-sidecar-"))) {
                                Thread.sleep(20);
                            }
                            System.out.println("probe class " + NEXUS + " " + describe(NEXUS, application));
                        } catch (InterruptedException stopped) {
                            Thread.currentThread().interrupt();
                        }
                    }, "probe-late");
                    late.setDaemon(true);
                    late.start();
                    Thread example = new Thread(
                        () -> ExampleMain.main(new String[] {"--db", args[0], "--port", "0"}), "example-main");
                    example.start();
                    example.join();
                }

                private static String describe(String name, ClassLoader loader) {
                    try {
                        ClassLoader definingLoader = Class.forName(name, false, loader).getClassLoader();
                        return "loaded-by " + (definingLoader == null ? "bootstrap" : definingLoader.getName());
                    } catch (ClassNotFoundException notVisible) {
                        return "not-found";
                    } catch (LinkageError broken) {
                        return "linkage-error " + broken;
                    }
                }
            }
            """;
    private static final Pattern PROBE_LINE = Pattern.compile("^probe (class|resource|jackson-version) (\\S+)(?: (.*))?$");

    @TempDir
    static Path directory;

    private static ExampleProcess probe;
    private static Map<String, String> findings;

    @BeforeAll
    static void runTheProbeWithTheAgent() {
        Path database = TinyDatabase.generate(directory);
        Path exampleJar = ItPaths.exampleJar();
        Path probeClasses = ProbeCompiler.compile(directory.resolve("probe"), PROBE_CLASS, PROBE_SOURCE, List.of(exampleJar));
        probe = ExampleProcess.startMain(List.of("http.port=0"), List.of(exampleJar, probeClasses), PROBE_CLASS,
                List.of(database.toString()));
        probe.exampleUrl();
        probe.sidecarUrl();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!probe.stdout().contains("probe class net.bytebuddy.dynamic.Nexus") && System.nanoTime() < deadline) {
            sleep(20);
        }
        findings = new HashMap<>();
        for (String line : probe.stdout().lines().toList()) {
            Matcher matcher = PROBE_LINE.matcher(line);
            if (matcher.matches()) {
                String key = matcher.group(1).equals("jackson-version") ? "jackson-version" : matcher.group(2);
                String value = matcher.group(1).equals("jackson-version") ? matcher.group(2) : matcher.group(3);
                findings.put(key, value);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }

    @AfterAll
    static void stopTheProbe() {
        if (probe != null) {
            probe.close();
        }
    }

    @Test
    void bothHttpStacksServeFromTheSameJvm() {
        HttpJson.Reply application = HttpJson.get(probe.example("/api/health"));
        assertEquals(200, application.status(), application::toString);
        assertEquals("ok", application.json().path("status").asText(), application::toString);
        assertEquals(TinyDatabase.WIKIS, application.json().path("wiki_count").asInt(), application::toString);

        HttpJson.Reply sidecar = HttpJson.get(probe.sidecar("/health"));
        assertEquals(200, sidecar.status(), sidecar::toString);
        assertEquals("healthy", sidecar.json().path("status").asText(), sidecar::toString);

        assertTrue(probe.exampleUrl().getPort() != probe.sidecarUrl().getPort(), "two servers, two ports");
    }

    @Test
    void theAgentsLibrariesAreInvisibleToTheApplication() {
        assertFinding("io.javalin.Javalin", "not-found");
        assertFinding("net.bytebuddy.ByteBuddy", "not-found");
        // Byte Buddy's self-initialization would have injected it; the agent's advice needs none.
        assertFinding("net.bytebuddy.dynamic.Nexus", "not-found");
        assertFinding("net.sf.jsqlparser.parser.CCJSqlParserUtil", "not-found");
        assertFinding("org.eclipse.jetty.server.Server", "not-found");
        assertFinding("com.threatlens.agent.AgentStarter", "not-found");
        assertFinding("io/javalin/Javalin.class", "not-found");
        assertFinding("META-INF/services/org.slf4j.spi.SLF4JServiceProvider", "not-found");
    }

    @Test
    void theApplicationKeepsItsOwnJackson() {
        assertFinding("com.fasterxml.jackson.databind.ObjectMapper", "loaded-by app");
        assertFinding("jackson-version", "2.15.4");
    }

    @Test
    void theBootstrapBridgeIsVisibleFromTheBootstrapLoader() {
        assertFinding("com.threatlens.agent.bootstrap.AgentLog", "loaded-by bootstrap");
    }

    private static void assertFinding(String name, String expected) {
        String actual = findings.get(name);
        if (!expected.equals(actual)) {
            throw probe.failure("the probe reports " + name + " as '" + actual + "', expected '" + expected + "'");
        }
    }
}
