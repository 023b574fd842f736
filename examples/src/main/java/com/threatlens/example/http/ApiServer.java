package com.threatlens.example.http;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The JDK HTTP server with a fixed pool of worker threads, serving one handler for all paths. */
public final class ApiServer implements AutoCloseable {

    private static final int BACKLOG = 256;
    private static final String NO_DELAY_PROPERTY = "sun.net.httpserver.nodelay";

    private final HttpServer server;
    private final ExecutorService executor;
    private final String host;

    private ApiServer(HttpServer server, ExecutorService executor, String host) {
        this.server = server;
        this.executor = executor;
        this.host = host;
    }

    /** Binds and starts serving; port 0 picks a free port, see {@link #port()}. */
    public static ApiServer start(String host, int port, HttpHandler handler, int threads) throws IOException {
        // The JDK server leaves Nagle's algorithm on unless told otherwise. It writes headers and
        // body separately, so each keep-alive answer would wait ~40 ms for the client's delayed
        // ACK. The property is read when the first server is created; an explicit -D value wins.
        if (System.getProperty(NO_DELAY_PROPERTY) == null) {
            System.setProperty(NO_DELAY_PROPERTY, "true");
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(host, port), BACKLOG);
        ExecutorService executor = Executors.newFixedThreadPool(threads, workerThreads());
        server.setExecutor(executor);
        server.createContext("/", handler);
        server.start();
        return new ApiServer(server, executor, host);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI baseUri() {
        String urlHost = host.contains(":") ? "[" + host + "]" : host;
        return URI.create("http://" + urlHost + ":" + port());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdown();
        try {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory workerThreads() {
        AtomicInteger counter = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "http-worker-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
