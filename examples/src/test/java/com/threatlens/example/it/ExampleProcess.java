package com.threatlens.example.it;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A JVM started for a test: the example service (or any main class), with or without the agent,
 * its standard output and error captured line by line.
 *
 * <p>{@link #start} returns once the example prints its listening line, so {@link #exampleUrl()}
 * is ready; {@link #sidecarUrl()} waits for the agent's {@code sidecar listening on} line on
 * standard error. Every failure message carries the command and both outputs, so a red test
 * shows what the child JVM said. {@link #close()} stops the whole process tree and waits for it.
 */
final class ExampleProcess implements AutoCloseable {

    static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    static final Pattern EXAMPLE_LISTENING =
            Pattern.compile("^ThreatLens example listening on (http://\\S+) \\(db=(.*)\\)$");
    static final Pattern SIDECAR_LISTENING =
            Pattern.compile("\\[threatlens-agent\\] INFO sidecar listening on (http://\\S+/api/performance)$");
    private static final Pattern AGENT_LINE = Pattern.compile("\\[threatlens-agent\\] ");
    /**
     * The line that settles whether the sidecar runs: its listening line, or one that says it
     * will not come (so that a broken agent fails a test at once instead of after the timeout).
     */
    private static final Pattern SIDECAR_OUTCOME = Pattern.compile("\\[threatlens-agent\\] (?:"
            + "INFO sidecar listening on (?<url>http://\\S+/api/performance)$"
            + "|ERROR (?:sidecar not started|agent did not start|agent background start failed)"
            + "|INFO disabled by configuration)");

    private static final String AGENT_ENVIRONMENT_PREFIX = "THREATLENS_PERF_";
    /**
     * Every child JVM starts with the client compiler only and the serial collector: the tests
     * check behaviour, not speed, and on a busy two-core machine this halves the time until the
     * sidecar listens.
     */
    private static final List<String> FAST_START_OPTIONS = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final List<String> command;
    private final Process process;
    private final LineBuffer stdout;
    private final LineBuffer stderr;
    private URI exampleUrl;
    private URI sidecarUrl;

    private ExampleProcess(List<String> command, Process process) {
        this.command = List.copyOf(command);
        this.process = process;
        this.stdout = LineBuffer.drain(process.getInputStream(), "stdout-of-" + process.pid());
        this.stderr = LineBuffer.drain(process.getErrorStream(), "stderr-of-" + process.pid());
    }

    /**
     * Starts the example service on a free port and waits until it listens.
     *
     * @param agentSettings {@code key=value} agent arguments; {@code null} starts the JVM without
     *                      the agent, an empty list attaches it without arguments
     * @param environment   variables added to the child's environment (inherited
     *                      {@code THREATLENS_PERF_*} variables are removed first)
     * @param jvmArguments  options placed before {@code -jar}, such as {@code -Dkey=value}
     */
    static ExampleProcess start(Path database, List<String> agentSettings, Map<String, String> environment,
            List<String> jvmArguments) {
        List<String> command = javaCommand(agentSettings, jvmArguments);
        command.addAll(List.of("-jar", ItPaths.exampleJar().toString(),
                "--db", database.toString(), "--port", "0"));
        ExampleProcess started = launch(command, environment);
        try {
            started.exampleUrl();
        } catch (RuntimeException | Error notListening) {
            started.close();
            throw notListening;
        }
        return started;
    }

    /** The example with the agent attached with these settings, nothing else changed. */
    static ExampleProcess startWithAgent(Path database, String... agentSettings) {
        return start(database, List.of(agentSettings), Map.of(), List.of());
    }

    /** The example without any agent. */
    static ExampleProcess startWithoutAgent(Path database) {
        return start(database, null, Map.of(), List.of());
    }

    /** Starts {@code mainClass} from {@code classPath}, without waiting for anything. */
    static ExampleProcess startMain(List<String> agentSettings, List<Path> classPath, String mainClass,
            List<String> arguments) {
        List<String> command = javaCommand(agentSettings, List.of());
        command.add("-cp");
        command.add(classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(mainClass);
        command.addAll(arguments);
        return launch(command, Map.of());
    }

    private static List<String> javaCommand(List<String> agentSettings, List<String> jvmArguments) {
        List<String> command = new ArrayList<>();
        command.add(ItPaths.javaExecutable().toString());
        command.addAll(FAST_START_OPTIONS);
        if (agentSettings != null) {
            String arguments = String.join(",", agentSettings);
            command.add("-javaagent:" + ItPaths.agentJar() + (arguments.isEmpty() ? "" : "=" + arguments));
        }
        command.addAll(jvmArguments);
        return command;
    }

    private static ExampleProcess launch(List<String> command, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith(AGENT_ENVIRONMENT_PREFIX));
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            process.getOutputStream().close();
            return new ExampleProcess(command, process);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /** The example's base URL, such as {@code http://127.0.0.1:43121}, from its listening line. */
    synchronized URI exampleUrl() {
        if (exampleUrl == null) {
            Matcher listening = stdout.await(EXAMPLE_LISTENING, START_TIMEOUT).orElseThrow(() -> failure(
                    "the example's listening line did not appear on stdout within " + START_TIMEOUT.toSeconds() + " s"));
            exampleUrl = URI.create(listening.group(1));
        }
        return exampleUrl;
    }

    /** The sidecar's base URL, such as {@code http://127.0.0.1:40213/api/performance}, from the agent's log. */
    synchronized URI sidecarUrl() {
        if (sidecarUrl == null) {
            Matcher outcome = stderr.await(SIDECAR_OUTCOME, START_TIMEOUT).orElseThrow(() -> failure(
                    "the agent's 'sidecar listening on' line did not appear on stderr within "
                            + START_TIMEOUT.toSeconds() + " s"));
            if (outcome.group("url") == null) {
                throw failure("the agent reports that the sidecar does not run: " + outcome.group());
            }
            sidecarUrl = URI.create(outcome.group("url"));
        }
        return sidecarUrl;
    }

    URI example(String pathAndQuery) {
        return URI.create(exampleUrl() + pathAndQuery);
    }

    URI sidecar(String pathAndQuery) {
        return URI.create(sidecarUrl() + pathAndQuery);
    }

    /** The first stderr line (read so far or still to come) that {@code pattern} finds. */
    Optional<Matcher> awaitStderr(Pattern pattern, Duration timeout) {
        return stderr.await(pattern, timeout);
    }

    String stderr() {
        return stderr.text();
    }

    List<String> stderrLines() {
        return stderr.lines();
    }

    String stdout() {
        return stdout.text();
    }

    /** The agent's own lines on stderr, those with the {@code [threatlens-agent]} prefix. */
    List<String> agentLines() {
        return stderr.lines().stream().filter(line -> AGENT_LINE.matcher(line).find()).toList();
    }

    boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    int exitCode() {
        return process.exitValue();
    }

    /** {@code jstack} of the running child, or why there is none. */
    String threadDump() {
        try {
            Process jstack = new ProcessBuilder(ItPaths.jstackExecutable().toString(), String.valueOf(process.pid()))
                    .redirectErrorStream(true)
                    .start();
            jstack.getOutputStream().close();
            byte[] output = jstack.getInputStream().readAllBytes();
            jstack.waitFor(30, TimeUnit.SECONDS);
            return new String(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "no thread dump: " + e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "no thread dump: interrupted";
        }
    }

    /** An assertion failure that shows the command and everything the child printed. */
    AssertionError failure(String message) {
        String status = process.isAlive() ? "still running" : "exited with " + process.exitValue();
        return new AssertionError(message + System.lineSeparator()
                + "command: " + String.join(" ", command) + " (" + status + ")" + System.lineSeparator()
                + "--- stdout ---" + System.lineSeparator() + stdout.text() + System.lineSeparator()
                + "--- stderr ---" + System.lineSeparator() + stderr.text());
    }

    /** Stops the process and its children: politely first, forcibly after ten seconds. */
    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!awaitExit(STOP_TIMEOUT)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            awaitExit(STOP_TIMEOUT);
        }
    }
}
