package com.threatlens.example.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.InputStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The agent's own work per request of the JDK HTTP server, without the HTTP around it: what
 * {@code Filter.Chain.doFilter}'s advice calls at entry and exit (route naming, the request's
 * scope, statement attribution, counters, histograms, rates), called in a loop on one thread
 * with a real exchange of the JDK server. Run it with the agent attached, once with API metrics
 * on and once off (the bridge then returns at once), and the difference is the per-request cost:
 *
 * <pre>
 * java -javaagent:agent/target/threatlens-agent.jar=http.port=0 \
 *   -cp examples/target/threatlens-example.jar com.threatlens.example.bench.ApiRecorderCost
 * java -javaagent:agent/target/threatlens-agent.jar=http.port=0,api.enabled=false \
 *   -cp examples/target/threatlens-example.jar com.threatlens.example.bench.ApiRecorderCost
 * </pre>
 *
 * It waits for the agent to be ready (a first request counted), then prints the median of
 * several timed batches in nanoseconds per request.
 */
public final class ApiRecorderCost {

    private static final int JDK_HTTP_SERVER = 1;
    private static final int BATCH = 1_000_000;
    private static final int BATCHES = 7;

    private ApiRecorderCost() {
    }

    public static void main(String[] args) throws Throwable {
        Class<?> bridge;
        try {
            bridge = Class.forName("com.threatlens.agent.bootstrap.HttpBridge");
        } catch (ClassNotFoundException notAttached) {
            System.err.println("error: run with -javaagent:agent/target/threatlens-agent.jar");
            System.exit(2);
            return;
        }
        MethodHandle start = MethodHandles.publicLookup().findStatic(bridge, "requestStart",
                MethodType.methodType(Object.class, int.class, Object.class, Object.class));
        MethodHandle end = MethodHandles.publicLookup().findStatic(bridge, "requestEnd",
                MethodType.methodType(void.class, Object.class, Throwable.class));

        HttpExchange exchange = oneRealExchange();
        // The agent installs itself on a background thread: wait until the bridge answers.
        long deadline = System.nanoTime() + 30_000_000_000L;
        boolean measuring = false;
        while (System.nanoTime() < deadline) {
            Object token = (Object) start.invokeExact(JDK_HTTP_SERVER, (Object) exchange, (Object) exchange);
            end.invokeExact(token, (Throwable) null);
            if (token != null) {
                measuring = true;
                break;
            }
            Thread.sleep(50);
        }
        if (!measuring) {
            System.out.println("API metrics are off (or the agent did not start): the bridge returns at once");
        }
        List<Double> nanos = BenchSupport.nanosPerCall(BATCHES, BATCH, i -> {
            Object token = (Object) start.invokeExact(JDK_HTTP_SERVER, (Object) exchange, (Object) exchange);
            end.invokeExact(token, (Throwable) null);
        });
        System.out.println("api metrics " + (measuring ? "on" : "off") + ": " + BenchSupport.perCallSummary(nanos, BATCH, "request"));
    }

    /** An exchange of a real JDK server, answered and kept: its method, URI and status stay readable. */
    private static HttpExchange oneRealExchange() throws Exception {
        AtomicReference<HttpExchange> kept = new AtomicReference<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            kept.set(exchange);
        });
        server.start();
        try (InputStream answer = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/wikis/42")
                .toURL().openStream()) {
            answer.readAllBytes();
        } finally {
            server.stop(0);
        }
        return kept.get();
    }
}
