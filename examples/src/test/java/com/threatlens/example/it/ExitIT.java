package com.threatlens.example.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application whose main method returns must end with the agent attached: nothing the agent
 * starts (the sidecar's server, its pools and schedulers) may keep the JVM alive.
 */
class ExitIT {

    private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(10);
    private static final String MAIN_CLASS = "ReturningMain";
    /**
     * Returns once the file named by its argument exists: the test creates it after the
     * sidecar has logged that it listens, so the sidecar is surely up when main returns.
     */
    private static final String MAIN_SOURCE = """
            import java.nio.file.Files;
            import java.nio.file.Path;

            public class ReturningMain {

                public static void main(String[] args) throws InterruptedException {
                    Path returnSignal = Path.of(args[0]);
                    long deadline = System.nanoTime() + 60_000_000_000L;
                    while (!Files.exists(returnSignal) && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    System.out.println("main returns");
                }
            }
            """;

    @TempDir
    Path directory;

    @Test
    void theJvmExitsWhenMainReturnsWhileTheSidecarRuns() throws IOException {
        Path classes = ProbeCompiler.compile(directory.resolve("classes"), MAIN_CLASS, MAIN_SOURCE, List.of());
        Path returnSignal = directory.resolve("return-now");

        try (ExampleProcess jvm = ExampleProcess.startMain(List.of("http.port=0"), List.of(classes), MAIN_CLASS,
                List.of(returnSignal.toString()))) {
            HttpJson.Reply health = HttpJson.get(jvm.sidecar("/health"));
            assertEquals(200, health.status(), health::toString);

            Files.createFile(returnSignal);
            if (!jvm.awaitExit(EXIT_TIMEOUT)) {
                throw jvm.failure("the JVM still runs " + EXIT_TIMEOUT.toSeconds() + " s after main returned;"
                        + " threads that are not daemons:" + System.lineSeparator()
                        + nonDaemonThreads(jvm.threadDump()));
            }
            assertEquals(0, jvm.exitCode(), jvm::stderr);
            assertTrue(jvm.stdout().contains("main returns"), jvm::stdout);
        }
    }

    /** The Java threads of a {@code jstack} dump that are not daemons, each with its stack. */
    private static String nonDaemonThreads(String threadDump) {
        return Arrays.stream(threadDump.split("\\R\\R"))
                .filter(block -> block.startsWith("\"") && block.contains(" prio=") && !block.contains(" daemon "))
                .filter(block -> !block.startsWith("\"DestroyJavaVM\""))
                .collect(Collectors.joining(System.lineSeparator() + System.lineSeparator()));
    }
}
