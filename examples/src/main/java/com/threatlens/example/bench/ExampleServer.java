package com.threatlens.example.bench;

import com.threatlens.example.ExampleMain;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The example service in a JVM of its own, for benchmarks: started from the jar (or classes
 * directory) the benchmark runs from, optionally with the agent, stopped on {@link #close()}.
 * The agent's environment variables of this process are not passed on, so only the options
 * given here configure it.
 */
final class ExampleServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final String SIDECAR_LISTENING = "[threatlens-agent] INFO sidecar listening on ";
    private static final HttpClient CLIENT = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(1))
            .build();

    private final Process process;
    private final URI url;
    private final Path errorLog;

    private ExampleServer(Process process, URI url, Path errorLog) {
        this.process = process;
        this.url = url;
        this.errorLog = errorLog;
    }

    /** Starts the service on {@code database}; with {@code agentJar} null, without the agent. */
    static ExampleServer start(Path database, Path agentJar, String agentOptions) throws IOException, InterruptedException {
        int port = freePort();
        Path errorLog = Files.createTempFile("threatlens-bench", ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (agentJar != null) {
            command.add("-javaagent:" + agentJar + (agentOptions.isEmpty() ? "" : "=" + agentOptions));
        }
        command.addAll(List.of("-cp", ownClassPath(), ExampleMain.class.getName(),
                "--db", database.toString(), "--port", String.valueOf(port)));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(errorLog.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("THREATLENS_PERF_"));
        ExampleServer server = new ExampleServer(builder.start(), URI.create("http://127.0.0.1:" + port), errorLog);
        server.awaitHealthy();
        return server;
    }

    URI url() {
        return url;
    }

    /** The agent's sidecar base URL, once it logs that it listens (the agent must run with a sidecar). */
    URI awaitSidecar() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String log = errors();
            int listening = log.indexOf(SIDECAR_LISTENING);
            if (listening >= 0) {
                int end = log.indexOf('\n', listening);
                return URI.create(log.substring(listening + SIDECAR_LISTENING.length(), end < 0 ? log.length() : end).trim());
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the example exited: " + log);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the agent's sidecar did not come up within " + START_TIMEOUT + ": " + errors());
    }

    /** What the service and the agent wrote to standard error so far. */
    String errors() throws IOException {
        return Files.readString(errorLog, StandardCharsets.UTF_8);
    }

    private void awaitHealthy() throws IOException, InterruptedException {
        HttpRequest health = HttpRequest.newBuilder(url.resolve("/api/health")).timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (CLIENT.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // connection refused until the server binds
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the example exited with " + process.exitValue() + ": " + errors());
            }
            Thread.sleep(20);
        }
        close();
        throw new IllegalStateException("the example did not answer " + url + " within " + START_TIMEOUT);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Files.deleteIfExists(errorLog);
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** The jar (or classes directory) this class was loaded from, which holds the example too. */
    static String ownClassPath() {
        try {
            return Path.of(ExampleServer.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
