package com.threatlens.example.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The artifacts the integration tests run: the {@code java} of the running JVM, the agent jar
 * and the example's runnable jar. Failsafe passes both jars as system properties; without them
 * (a run from an IDE) the paths of a normal build next to this module are used.
 *
 * <p>Each jar is copied once per test JVM and the child JVMs run the copy, so that a build
 * writing {@code target/} meanwhile cannot swap a jar under a running child.
 */
final class ItPaths {

    private static Path agentJar;
    private static Path exampleJar;

    private ItPaths() {
    }

    static Path javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    static Path jstackExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "jstack");
    }

    static synchronized Path agentJar() {
        if (agentJar == null) {
            agentJar = snapshot("threatlens.agent.jar", Path.of("..", "agent", "target", "threatlens-agent.jar"),
                    "Premain-Class");
        }
        return agentJar;
    }

    static synchronized Path exampleJar() {
        if (exampleJar == null) {
            exampleJar = snapshot("threatlens.example.jar", Path.of("target", "threatlens-example.jar"), "Main-Class");
        }
        return exampleJar;
    }

    private static Path snapshot(String property, Path fallback, String requiredManifestAttribute) {
        String configured = System.getProperty(property);
        Path built = (configured == null || configured.isBlank() ? fallback : Path.of(configured))
                .toAbsolutePath().normalize();
        if (!Files.isRegularFile(built)) {
            throw new IllegalStateException(built + " does not exist (system property " + property
                    + "); build it first with: mvn -B -q -ntp install -DskipTests");
        }
        try {
            Path directory = Files.createTempDirectory("threatlens-it-jars");
            Path copy = Files.copy(built, directory.resolve(built.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
            directory.toFile().deleteOnExit();
            copy.toFile().deleteOnExit();
            requireManifestAttribute(copy, requiredManifestAttribute, built);
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + built, e);
        }
    }

    private static void requireManifestAttribute(Path jar, String attribute, Path built) {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            Attributes attributes = manifest == null ? null : manifest.getMainAttributes();
            if (attributes == null || attributes.getValue(attribute) == null) {
                throw new IllegalStateException(built + " has no " + attribute + " in its manifest: it is not a finished"
                        + " build (a build may be writing it right now); rebuild with: mvn -B -q -ntp install -DskipTests");
            }
        } catch (IOException unreadable) {
            throw new IllegalStateException(built + " is not a readable jar (a build may be writing it right now): "
                    + unreadable.getMessage(), unreadable);
        }
    }
}
