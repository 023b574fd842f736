package com.threatlens.agent.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.threatlens.agent.bootstrap.AgentSetUp;
import com.threatlens.agent.bootstrap.JdbcBridge;

import org.junit.jupiter.api.Test;

/** The agent says when its background set-up is over, which benchmarks and tests wait for. */
class AgentSetUpIT {

    @Test
    void theSetUpIsMarkedCompleteOnceItsLastStepHasRun() throws InterruptedException {
        // The sidecar is the set-up's last step: it listens just before the set-up is marked complete.
        Sidecar.get();

        assertTrue(awaitSetUp(), "the set-up was not marked complete within 10 s of the sidecar listening");
        assertTrue(JdbcBridge.active(), "the JDBC hooks are installed once the set-up is complete");
    }

    @Test
    void anAgentSwitchedOffByConfigurationIsSetUpAtOnce() throws Exception {
        List<String> command = List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-javaagent:" + agentJar() + "=enabled=false",
            "-cp", System.getProperty("java.class.path"),
            AwaitSetUp.class.getName());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("THREATLENS_PERF_") || name.equals("JAVA_TOOL_OPTIONS"));
        Process process = builder.start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);

        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("set-up complete: true"), output);
    }

    /** The main class of the JVM with the agent switched off. */
    static final class AwaitSetUp {
        public static void main(String[] args) throws InterruptedException {
            System.out.println("set-up complete: " + awaitSetUp());
        }
    }

    private static boolean awaitSetUp() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!AgentSetUp.isComplete() && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        return AgentSetUp.isComplete();
    }

    /** The agent jar of this JVM's {@code -javaagent} argument. */
    private static String agentJar() {
        for (String argument : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (argument.startsWith("-javaagent:")) {
                String jarAndOptions = argument.substring("-javaagent:".length());
                int options = jarAndOptions.indexOf('=');
                return options < 0 ? jarAndOptions : jarAndOptions.substring(0, options);
            }
        }
        throw new AssertionError("this JVM runs without -javaagent; run the integration tests through failsafe");
    }
}
