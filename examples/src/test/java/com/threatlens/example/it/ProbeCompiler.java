package com.threatlens.example.it;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles a small main class written by a test, so that a child JVM can run code of the test's
 * choosing next to the example (which cannot be changed for a test) and the agent.
 */
final class ProbeCompiler {

    private ProbeCompiler() {
    }

    /**
     * Writes {@code source} as {@code <simpleName>.java} (default package) into {@code directory}
     * and compiles it there against {@code classPath}.
     *
     * @return the directory, to be put on the child's class path
     */
    static Path compile(Path directory, String simpleName, String source, List<Path> classPath) {
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        if (compiler == null) {
            throw new IllegalStateException("no Java compiler in " + System.getProperty("java.home")
                    + "; the integration tests need a JDK, not a JRE");
        }
        try {
            Files.createDirectories(directory);
            Path file = Files.writeString(directory.resolve(simpleName + ".java"), source);
            List<String> arguments = new ArrayList<>(List.of("--release", "17", "-proc:none", "-d", directory.toString()));
            if (!classPath.isEmpty()) {
                arguments.add("-classpath");
                arguments.add(classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
            }
            arguments.add(file.toString());
            ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
            int result = compiler.run(null, diagnostics, diagnostics, arguments.toArray(String[]::new));
            if (result != 0) {
                throw new AssertionError("the probe " + simpleName + " does not compile: "
                        + diagnostics.toString(StandardCharsets.UTF_8));
            }
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the probe " + simpleName + " into " + directory, e);
        }
    }
}
